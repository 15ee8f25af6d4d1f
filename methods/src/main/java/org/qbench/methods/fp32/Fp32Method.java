package org.qbench.methods.fp32;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.MethodOptions;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantizedLayerFactory;
import org.qbench.methods.quant.IdentityQuantizer;

/** The full-precision baseline: the same layers as every method, with identity quantizers. */
public final class Fp32Method implements QuantMethod {

    @Override
    public String id() {
        return "fp32";
    }

    @Override
    public String description() {
        return "full-precision baseline (identity quantizers, same model code as every method)";
    }

    @Override
    public String paper() {
        return "";
    }

    @Override
    public List<String> departures() {
        return List.of();
    }

    /** Options name the network where a task offers full-precision reference networks ({@link Fp32Options}). */
    @Override
    public Optional<Class<? extends MethodOptions>> optionsType() {
        return Optional.of(Fp32Options.class);
    }

    /** Also refuses a reference network on a task family that offers none (only low-light video does). */
    @Override
    public void check(MethodConfig config, TaskKind task) {
        QuantMethod.super.check(config, task);
        String network = Fp32Options.networkOf(config.options());
        if (!network.equals(Fp32Options.TASK) && task != TaskKind.LOWLIGHT_VIDEO) {
            throw new IllegalArgumentException("fp32 option network=" + network + " names a reference network only"
                    + " low-light video tasks offer, not " + task + " tasks");
        }
    }

    @Override
    public Set<Integer> supportedBits() {
        return Set.of(MethodConfig.FULL_PRECISION_BITS);
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.values());
    }

    @Override
    public LayerFactory layers(MethodConfig config) {
        MethodConfig fp = new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.FP32);
        return new QuantizedLayerFactory(fp, new QuantizedLayerFactory.Quantizers() {
            @Override
            public IdentityQuantizer weights(int bits) {
                return new IdentityQuantizer();
            }

            @Override
            public IdentityQuantizer activations(int bits, boolean signed) {
                return new IdentityQuantizer();
            }
        });
    }
}
