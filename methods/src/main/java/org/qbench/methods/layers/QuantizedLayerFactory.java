package org.qbench.methods.layers;

import ai.djl.nn.Block;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.ProductKind;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.Quantizer;

/**
 * The layer factory of methods that only differ in their weight and activation quantizers: it applies the
 * first/last-layer protocol by role, with separate weight and activation widths, and builds {@link QuantConv2d}
 * and {@link QuantLinear} layers around the quantizers the method supplies, and {@link QuantMatMul} products of two
 * activations with both operands through the activation quantizer. The other hooks keep their full-precision
 * defaults. Layers that stay in full precision get identity quantizers, and so does an input
 * already on an integer grid no wider than the layer's activation width (the stem's 8-bit image): it needs no
 * quantizer of its own.
 */
public final class QuantizedLayerFactory implements LayerFactory {

    /** Supplies a method's quantizers for one layer. */
    public interface Quantizers {
        /** The weight quantizer at this bit width (weights are always signed). */
        Quantizer weights(int bits);

        /** The input-activation quantizer at this bit width and signedness. */
        Quantizer activations(int bits, boolean signed);

        /**
         * A convolution's input quantizer ({@code NCHW}, channels on axis 1), for methods whose activation
         * quantizer is per channel along an axis that differs between feature maps and tokens; by default
         * {@link #activations}.
         */
        default Quantizer convInputs(int bits, boolean signed) {
            return activations(bits, signed);
        }
    }

    private final MethodConfig config;
    private final Quantizers quantizers;

    /**
     * A factory for one run.
     *
     * @param config bit widths and first/last-layer protocol
     * @param quantizers the method's quantizers
     */
    public QuantizedLayerFactory(MethodConfig config, Quantizers quantizers) {
        this.config = config;
        this.quantizers = quantizers;
    }

    private Quantizer weightsFor(LayerRole role) {
        int bits = config.weightBitsAt(role);
        return bits == MethodConfig.FULL_PRECISION_BITS ? new IdentityQuantizer() : quantizers.weights(bits);
    }

    private Quantizer inputsFor(LayerRole role, boolean signed, int inputBits, boolean convolution) {
        int bits = config.activationBitsAt(role);
        if (bits == MethodConfig.FULL_PRECISION_BITS) {
            return new IdentityQuantizer();
        }
        if (inputBits != FLOAT_INPUT && inputBits <= bits) {
            // The normalised image is an exact affine map of uint8 pixels: already on an 8-bit grid. A
            // data-initialised quantizer would only coarsen it (LSQ's 2 mean|x|/sqrt(Qp) spans about +-18 for
            // inputs in [-0.8, 2.0], leaving about 20 of its 256 levels in use).
            return new IdentityQuantizer(inputBits);
        }
        return convolution ? quantizers.convInputs(bits, signed) : quantizers.activations(bits, signed);
    }

    @Override
    public Block conv2d(ConvSpec spec) {
        return new QuantConv2d(
                spec, weightsFor(spec.role()), inputsFor(spec.role(), spec.signedInput(), spec.inputBits(), true));
    }

    @Override
    public Block linear(LinearSpec spec) {
        return new QuantLinear(
                spec, weightsFor(spec.role()), inputsFor(spec.role(), spec.signedInput(), spec.inputBits(), false));
    }

    /**
     * Both operands through the method's activation quantizer at the role's width (full quantization, as Q-ViT's
     * LSQ baseline): signed queries, keys and values; the attention probabilities unsigned, at
     * {@link QuantMatMul#probabilityBits} so every method's {@code P} has the same width.
     */
    @Override
    public Block matMul(ProductKind kind, LayerRole role) {
        int bits = config.activationBitsAt(role);
        if (bits == MethodConfig.FULL_PRECISION_BITS) {
            return LayerFactory.super.matMul(kind, role);
        }
        Quantizer left = kind == ProductKind.CONTEXT
                ? quantizers.activations(QuantMatMul.probabilityBits(bits), false)
                : quantizers.activations(bits, true);
        return new QuantMatMul(kind, role, left, quantizers.activations(bits, true));
    }
}
