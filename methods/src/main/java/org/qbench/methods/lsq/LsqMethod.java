package org.qbench.methods.lsq;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qbench.methods.Granularity;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.MethodOptions;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.CnnQatMethod;
import org.qbench.methods.layers.QuantizedLayerFactory;
import org.qbench.methods.quant.Quantizer;

/** LSQ as a method: per-tensor LSQ quantizers on the weights and input activations of every conv/linear layer. */
public final class LsqMethod extends CnnQatMethod {

    @Override
    public String id() {
        return "lsq";
    }

    @Override
    public String description() {
        return "LSQ: learned step size, gradient scale 1/sqrt(N*Qp) (Esser et al., ICLR 2020)";
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        // Signed grids: a baseline on ViT, super-resolution and BRVE's low-light video network (LSQ 2/3/4/8 there).
        Set<TaskKind> tasks = new java.util.HashSet<>(signedGridTasks());
        tasks.add(TaskKind.LOWLIGHT_VIDEO);
        return Set.copyOf(tasks);
    }

    @Override
    public String paper() {
        return "Esser et al., Learned Step Size Quantization, ICLR 2020, arXiv:1902.08153";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "trained from scratch (the paper fine-tunes a pretrained FP32 model)",
                "8-bit trained on the same schedule as 2/3/4-bit (the paper fine-tunes 1 epoch)",
                "step sizes learn at the recipe's quantizer_lr_scale (0.1) x the weights' rate, not the same rate",
                "grid step max(|s|, 1e-8), so a step size pushed across zero recovers; weight decay also applies to step sizes");
    }

    /** {@link LsqOptions}: the step-size gradient-scale ablation, per-channel weights. */
    @Override
    public Optional<Class<? extends MethodOptions>> optionsType() {
        return Optional.of(LsqOptions.class);
    }

    @Override
    protected QuantizedLayerFactory.Quantizers quantizers(MethodConfig config) {
        LsqOptions options = config.optionsOr(LsqOptions.class, LsqOptions.DEFAULTS);
        boolean gradientScale = options.gradientScale();
        Granularity weightGranularity = options.perChannel() ? Granularity.PER_CHANNEL : Granularity.PER_TENSOR;
        return new QuantizedLayerFactory.Quantizers() {
            @Override
            public Quantizer weights(int bits) {
                return new LsqQuantizer(new QuantSpec(bits, true, weightGranularity, true), gradientScale);
            }

            @Override
            public Quantizer activations(int bits, boolean signed) {
                return new LsqQuantizer(QuantSpec.perTensor(bits, signed), gradientScale);
            }
        };
    }

    /** The published method's weight quantizer (with {@link LsqOptions#DEFAULTS}). */
    @Override
    public Quantizer weights(int bits) {
        return new LsqQuantizer(QuantSpec.perTensor(bits, true));
    }

    /** The published method's input quantizer (with {@link LsqOptions#DEFAULTS}). */
    @Override
    public Quantizer activations(int bits, boolean signed) {
        return new LsqQuantizer(QuantSpec.perTensor(bits, signed));
    }
}
