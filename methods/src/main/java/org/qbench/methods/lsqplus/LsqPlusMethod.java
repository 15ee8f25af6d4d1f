package org.qbench.methods.lsqplus;

import java.util.List;
import java.util.Set;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.CnnQatMethod;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.quant.Quantizer;

/**
 * LSQ+ as a method: per-tensor symmetric LSQ weights initialised at {@code mean +- 3 std}, and asymmetric
 * activations with a learnable offset ({@link LsqPlusQuantizer}) on the input of every conv and linear layer.
 */
public final class LsqPlusMethod extends CnnQatMethod {

    @Override
    public String id() {
        return "lsq+";
    }

    @Override
    public String description() {
        return "LSQ+: LSQ with a learnable activation offset (asymmetric grid) and mean +- 3 std weight init (Bhalgat et al., 2020)";
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        return signedGridTasks(); // signed grids: a baseline on ViT and super-resolution too
    }

    @Override
    public String paper() {
        return "Bhalgat et al., LSQ+: Improving low-bit quantization through learnable offsets and better "
                + "initialization, CVPR Workshops 2020, arXiv:2004.09576";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "trained from scratch (the paper fine-tunes a pretrained model)",
                "activation init: offset = min and step from a 1-D search of the clipping ratio (1.0 to 0.3) for the least "
                        + "MSE on the first batch; the paper's MSE search is not specified",
                "step sizes and offsets learn at the recipe's quantizer_lr_scale x the weights' rate",
                "parity check: the activation offset is folded into the layer's bias (beta sum w) after the integer GEMM");
    }

    @Override
    public Quantizer weights(int bits) {
        return new LsqQuantizer(QuantSpec.perTensor(bits, true), true, LsqQuantizer.StepInit.MEAN_3_STD);
    }

    @Override
    public Quantizer activations(int bits, boolean signed) {
        // The offset absorbs the negative part: one unsigned grid for signed and unsigned inputs alike.
        return new LsqPlusQuantizer(bits);
    }
}
