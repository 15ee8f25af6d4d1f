package org.qbench.methods.pams;

import java.util.List;
import java.util.Set;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.CnnQatMethod;
import org.qbench.methods.quant.Quantizer;

/**
 * PAMS as a method: the residual body's convolutions with {@link PamsWeightQuantizer} weights (symmetric by
 * {@code max|W|}) and {@link PamsActivationQuantizer} inputs (symmetric, learnable max scale {@code alpha}), with
 * the head, the tail (conv after the body, upsampler) and the output conv at the run's first/last protocol (full
 * precision, as in the code, under {@code fp32}).
 */
public final class PamsMethod extends CnnQatMethod {

    @Override
    public String id() {
        return "pams";
    }

    @Override
    public String description() {
        return "PAMS: symmetric activations with a learnable max scale alpha, max|W| weights (Li et al., ECCV 2020)";
    }

    @Override
    public String paper() {
        return "Huixia Li et al., PAMS: Quantized Super-Resolution via Parameterized Max Scale, ECCV 2020, "
                + "arXiv:2011.04212";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "no structured knowledge transfer (SKT, the feature-affinity distillation from a full-precision teacher); "
                        + "L1 pixel loss only",
                "trained from scratch on the task's recipe (the paper fine-tunes a pretrained full-precision EDSR/RDN)",
                "alpha initialised once from the calibration batch (mean over samples of max|x|, the code's statistic) "
                        + "and learned from the first step; the code overwrites alpha with that statistic on every "
                        + "batch of the first epoch (no clipping then) and learns it from the second",
                "an alpha quantizer on the input of every body conv; the code quantizes the second conv's (post-ReLU) "
                        + "input, the block's shortcut and its residual-branch output, and leaves the first conv's "
                        + "input in float",
                "alpha floored at 1e-5 in value (gradient straight through); its decay is the recipe's weight decay",
                "head, tail (conv after the body, upsampler) and output conv in full precision as in the code only "
                        + "under the fp32 first/last protocol (survey-sr's); under 8bit they run at 8 bits");
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.SUPER_RESOLUTION);
    }

    @Override
    public Quantizer weights(int bits) {
        return new PamsWeightQuantizer(bits);
    }

    /** Symmetric whatever the input's sign (the code quantizes post-ReLU features on the symmetric grid too). */
    @Override
    public Quantizer activations(int bits, boolean signed) {
        return new PamsActivationQuantizer(bits);
    }
}
