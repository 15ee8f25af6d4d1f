package org.qbench.methods.layers;

import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/**
 * Base of the quantization-aware-training methods that differ only in their weight and activation quantizers
 * (LSQ, DoReFa, PACT, N2UQ): 2/3/4/8 bits on classification and super-resolution models, layers from
 * {@link QuantizedLayerFactory}. Weights and activations may have different widths: each layer's weight and input
 * quantizers are made independently, at the width of their own operand.
 */
public abstract class CnnQatMethod implements QuantMethod, QuantizedLayerFactory.Quantizers {

    @Override
    public Set<Integer> supportedBits() {
        return Set.of(2, 3, 4, 8);
    }

    @Override
    public boolean supportsMixedBits() {
        return true;
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        // Quantizers on the factory's conv and linear layers apply to any model built from it: these methods are the
        // usual baselines on ViT and super-resolution too. The binarized video task is 1-bit, outside their widths.
        return Set.of(TaskKind.CNN_CLASSIFICATION, TaskKind.VIT_CLASSIFICATION, TaskKind.SUPER_RESOLUTION);
    }

    @Override
    public LayerFactory layers(MethodConfig config) {
        return new QuantizedLayerFactory(config, quantizers(config));
    }

    /**
     * The quantizers for a run with this config: the method itself by default; a method with options returns
     * quantizers configured by them.
     */
    protected QuantizedLayerFactory.Quantizers quantizers(MethodConfig config) {
        return this;
    }

    /**
     * Fails for a signed input when the method's activation grid is unsigned: the only signed input is the
     * normalised image, quantized below 8 bits under {@code --first-last same}.
     */
    protected final void requireUnsigned(boolean signed, int bits) {
        if (signed) {
            throw new IllegalArgumentException(id() + " quantizes activations on an unsigned grid and cannot take the "
                    + "signed image at " + bits + " bits; use --first-last 8bit or fp32");
        }
    }
}
