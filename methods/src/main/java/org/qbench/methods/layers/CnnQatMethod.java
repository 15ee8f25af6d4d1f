package org.qbench.methods.layers;

import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/**
 * Base of the quantization-aware-training methods that differ only in their weight and activation quantizers
 * (LSQ, LSQ+, DoReFa, PACT, N2UQ, and PAMS on super-resolution): 2/3/4/8 bits, layers from {@link QuantizedLayerFactory}. Weights and activations may have different widths: each layer's weight and input
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

    /**
     * CNN classification. A method whose activation grid can be signed (LSQ, LSQ+) also serves as a baseline on
     * vision transformers and super-resolution, whose layers see signed inputs (LayerNorm outputs, residual
     * streams); one with an unsigned-only grid (DoReFa, PACT, N2UQ) cannot quantize those.
     */
    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.CNN_CLASSIFICATION);
    }

    /** The task kinds of a method whose activation grid can be signed: CNN, ViT and super-resolution. */
    protected static Set<TaskKind> signedGridTasks() {
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
