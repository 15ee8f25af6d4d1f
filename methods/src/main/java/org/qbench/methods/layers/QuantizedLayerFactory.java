package org.qbench.methods.layers;

import ai.djl.nn.Block;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.Quantizer;

/**
 * The layer factory of methods that only differ in their weight and activation quantizers: it applies the
 * first/last-layer protocol and builds {@link QuantConv2d} and {@link QuantLinear} layers around the
 * quantizers the method supplies. Layers that stay in full precision get identity quantizers, and so does the
 * first layer's input when it runs at 8 bits or more: the 8-bit image needs no quantizer of its own.
 */
public final class QuantizedLayerFactory implements LayerFactory {

    /** Supplies a method's quantizers for one layer. */
    public interface Quantizers {
        /** The weight quantizer at this bit width (weights are always signed). */
        Quantizer weights(int bits);

        /** The input-activation quantizer at this bit width and signedness. */
        Quantizer activations(int bits, boolean signed);
    }

    /** Bit depth of the input images of every task here. */
    static final int IMAGE_BITS = 8;

    private final MethodConfig config;
    private final Quantizers quantizers;

    /**
     * A factory for one run.
     *
     * @param config bit width and first/last-layer protocol
     * @param quantizers the method's quantizers
     */
    public QuantizedLayerFactory(MethodConfig config, Quantizers quantizers) {
        this.config = config;
        this.quantizers = quantizers;
    }

    private Quantizer weightsAt(LayerPosition position) {
        int bits = config.bitsAt(position);
        return bits == MethodConfig.FULL_PRECISION_BITS ? new IdentityQuantizer() : quantizers.weights(bits);
    }

    private Quantizer inputsAt(LayerPosition position, boolean signed) {
        int bits = config.bitsAt(position);
        if (bits == MethodConfig.FULL_PRECISION_BITS) {
            return new IdentityQuantizer();
        }
        if (position == LayerPosition.FIRST && bits >= IMAGE_BITS) {
            // The normalised image is an exact affine map of uint8 pixels: already on an 8-bit grid. A
            // data-initialised quantizer would only coarsen it (LSQ's 2 mean|x|/sqrt(Qp) spans about +-18 for
            // inputs in [-0.8, 2.0], leaving about 20 of its 256 levels in use).
            return new IdentityQuantizer(IMAGE_BITS);
        }
        return quantizers.activations(bits, signed);
    }

    @Override
    public Block conv2d(
            int outChannels, int kernel, int stride, int padding, LayerPosition position, boolean signedInput) {
        return new QuantConv2d(
                outChannels, kernel, stride, padding, position, weightsAt(position), inputsAt(position, signedInput));
    }

    @Override
    public Block linear(int units, LayerPosition position, boolean signedInput) {
        return new QuantLinear(units, position, weightsAt(position), inputsAt(position, signedInput));
    }
}
