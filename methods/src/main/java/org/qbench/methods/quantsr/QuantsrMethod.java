package org.qbench.methods.quantsr;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.MethodOptions;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/**
 * QuantSR as a method (notes: {@code shared/reference/sr-lowlight.md} §1 and {@code methods-addendum.md}; official
 * code {@code htqin/QuantSR} at d470ad6): the residual body's convolutions quantized with the Redistribution-driven
 * Learnable Quantizer ({@link RlqQuantizer}) on weights and inputs, and the depth-dynamic architecture (DQA:
 * {@link DqaResidual} blocks with learnable shortcut scales, trained at three weight-shared depths by
 * {@link DepthSchedule}). Layers: {@link QuantsrLayers}; variants: {@link QuantsrOptions}.
 */
public final class QuantsrMethod implements QuantMethod {

    @Override
    public String id() {
        return "quantsr";
    }

    @Override
    public String description() {
        return "QuantSR: redistribution-driven learnable quantizer (tanh round surrogate, per-channel shift) and "
                + "depth-dynamic residual body (Qin et al., NeurIPS 2023)";
    }

    @Override
    public String paper() {
        return "Haotong Qin et al., QuantSR: Accurate Low-bit Quantization for Efficient Image Super-Resolution, "
                + "NeurIPS 2023";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "no training code was released: DQA's stage switch (at dqa_switch = 0.5 of the steps), the ranking of "
                        + "blocks by their shortcut scale alpha_i at the switch, and the skip rule (version 1 keeps the "
                        + "floor(B/2)+1, version 2 the floor(B/4)+1 blocks with the smallest alpha_i, largest skipped "
                        + "first; ties by index) are defined here; they reproduce the released 32/17/9 block counts",
                "evaluated at full depth by default (eval_version 0); the released test script evaluates version 1",
                "the body depth is the task's, not a 2x deeper super-network whose version 1 matches the baseline depth",
                "no feature distillation (the code's optional optimize_parameters_kd) and no loading of full-precision "
                        + "pretrained tail weights (fp_pretrain_network_g); trained from scratch on the task's recipe",
                "CNN variant (QuantSR-C) only; no QuantSR-T (quantized SwinIR)",
                "head, tail (conv after the body, upsampler) and output conv in full precision as in the code only "
                        + "under the fp32 first/last protocol (survey-sr's); under 8bit they run at 8 bits",
                "step sizes use max(|s|, 1e-8) (LSQ's guard; the code uses s as it is); the ranking is not saved with "
                        + "the model, only recorded in the run's recipe",
                "shortcut scales alpha_i learn at the weights' rate with the recipe's weight decay, steps and shifts "
                        + "tau at the recipe's quantizer rate (no training config was released)");
    }

    @Override
    public Set<Integer> supportedBits() {
        return Set.of(2, 3, 4, 8);
    }

    @Override
    public boolean supportsMixedBits() {
        return true;
    }

    @Override
    public Optional<Class<? extends MethodOptions>> optionsType() {
        return Optional.of(QuantsrOptions.class);
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.SUPER_RESOLUTION);
    }

    @Override
    public LayerFactory layers(MethodConfig config) {
        return new QuantsrLayers(config);
    }
}
