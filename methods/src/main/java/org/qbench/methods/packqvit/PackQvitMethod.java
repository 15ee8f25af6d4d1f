package org.qbench.methods.packqvit;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.MethodOptions;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/**
 * PackQViT as a method (notes: {@code shared/reference/methods-cls-vit.md} §3 and {@code methods-addendum.md}):
 * full quantization-aware training of a vision transformer with LSQ per-channel weights, zero-point LSQ+
 * activations per channel and per head, a base-2 log2-quantized softmax, the clipped MLP activation and the
 * outlier-aware (power-of-two factor) residual quantizer. Layers: {@link PackQvitLayers}; variants:
 * {@link PackQvitOptions}.
 */
public final class PackQvitMethod implements QuantMethod {

    @Override
    public String id() {
        return "packqvit";
    }

    @Override
    public String description() {
        return "PackQViT: full ViT QAT, per-channel LSQ weights, zero-point per-channel/per-head activations, "
                + "log2 base-2 softmax, PTF residual quantizer (Dong et al., NeurIPS 2023)";
    }

    @Override
    public String paper() {
        return "Peiyan Dong et al., PackQViT: Faster Sub-8-bit Vision Transformers via Full and Packed Quantization "
                + "on the Mobile, NeurIPS 2023";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "trained from scratch, not from a previously trained low-bit checkpoint (the code's undocumented "
                        + "multi-stage chain)",
                "no RandAugment, colour jitter, random erasing or drop-path; the task's own recipe and distillation",
                "attention probabilities at max(bits, 4) log2 bits (the latest code: 4 bits; the first upload: 8)",
                "residual-link PTF factors k_c frozen after the first-batch init, only the shared step and zero point "
                        + "learn (the first upload trains every channel's scale freely); the quantizer is on by "
                        + "default (only the first upload has it) and runs at max(bits, 4) bits (the first upload: 4)",
                "activation zero point starts at min(0, round(Q_N - min(x)/s)), not the code's 0.1 (min(x) - s Q_N), "
                        + "which mixes real and integer units",
                "MLP activation GELU by default (the paper; the latest code uses Hardswish, option activation), "
                        + "clipped to [-1, 10] (the paper per the addendum; the code clips at -10, option clip_min)",
                "LayerNorm, GELU/Hardswish, residual adds and the softmax's exponent run in float (no integer "
                        + "LayerNorm/GELU/int-2^n-softmax kernels); the base-2 softmax training path is used at "
                        + "inference too",
                "training simulates the packed integer arithmetic in float; the packed 4-bit GEMM and the shift-add "
                        + "attention are separate integer kernels (qbench kernels), not the phone kernels, which were not "
                        + "released");
    }

    @Override
    public Set<Integer> supportedBits() {
        return Set.of(2, 3, 4, 8);
    }

    @Override
    public Optional<Class<? extends MethodOptions>> optionsType() {
        return Optional.of(PackQvitOptions.class);
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.VIT_CLASSIFICATION);
    }

    @Override
    public LayerFactory layers(MethodConfig config) {
        return new PackQvitLayers(config);
    }
}
