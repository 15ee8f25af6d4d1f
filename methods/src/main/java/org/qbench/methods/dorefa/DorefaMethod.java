package org.qbench.methods.dorefa;

import java.util.List;
import java.util.Set;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.CnnQatMethod;
import org.qbench.methods.quant.Quantizer;

/** DoReFa as a method: tanh-normalised weights and fixed-range [0, 1] activations, straight-through rounds. */
public final class DorefaMethod extends CnnQatMethod {

    @Override
    public String id() {
        return "dorefa";
    }

    @Override
    public String description() {
        return "DoReFa: tanh-normalised weights, activations clipped to [0,1] (Zhou et al., 2016)";
    }

    @Override
    public String paper() {
        return "Zhou et al., DoReFa-Net: Training Low Bitwidth Convolutional Neural Networks with Low Bitwidth "
                + "Gradients, arXiv:1606.06160, 2016";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "gradients are not quantized (the usual QAT baseline; the paper also quantizes them)",
                "max|tanh(w)| is a constant in the backward pass (the paper does not say)",
                "on super-resolution, signed inputs (the residual stream entering a body block) use the fixed range "
                        + "[-1, 1] on a symmetric grid of 2^(k-1) - 1 steps a side; the paper quantizes ReLU outputs only");
    }

    /** CNN classification and super-resolution (whose residual stream is signed: see the departures). */
    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.CNN_CLASSIFICATION, TaskKind.SUPER_RESOLUTION);
    }

    @Override
    public Quantizer weights(int bits) {
        return new DorefaWeightQuantizer(bits);
    }

    @Override
    public Quantizer activations(int bits, boolean signed) {
        return new DorefaActivationQuantizer(bits, signed);
    }
}
