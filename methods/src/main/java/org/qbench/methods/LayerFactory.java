package org.qbench.methods;

import ai.djl.nn.Block;
import java.util.Optional;

/**
 * Builds the layers a task model is made of. A task model asks the factory of the run's method for every
 * layer a method may change, by {@link LayerRole}, so the model code never branches on the method id.
 *
 * <p>Convolutions and fully connected layers are what every method quantizes. The other hooks (matrix
 * products of two activations, softmax, activation functions, normalisation and method-defined blocks) have
 * full-precision defaults ({@link FullPrecisionBlocks}); a method overrides only those its paper changes
 * (PackQViT's log2 softmax and quantized attention products, say), so a model built through the hooks runs
 * unchanged under every other method.
 */
public interface LayerFactory {

    /** {@code inputBits} of a layer whose input lies on no integer grid (every layer but a stem, usually). */
    int FLOAT_INPUT = 0;

    /** A 2-D convolution as the spec says, at the precision of its role. */
    Block conv2d(ConvSpec spec);

    /** A fully connected layer as the spec says, at the precision of its role. */
    Block linear(LinearSpec spec);

    /**
     * The product of two activations, {@code a.matMul(b)} on the block's two inputs {@code (a, b)} (batched
     * over the leading axes): attention's {@code Q K^T} (the model passes {@code K} transposed) and
     * {@code attn V}. Full precision by default. The block is an {@link ActivationProduct}, so its MACs count.
     *
     * @param kind which product, so a method can quantize each operand as its paper does
     * @param role where the product sits ({@link LayerRole#ATTENTION} in a transformer)
     */
    default Block matMul(ProductKind kind, LayerRole role) {
        return FullPrecisionBlocks.matMul(kind, role);
    }

    /**
     * A softmax over {@code axis} of the block's one input. Full precision by default.
     *
     * @param axis the axis that sums to 1 (negative counts from the last)
     * @param role where it sits ({@link LayerRole#ATTENTION} for attention weights)
     */
    default Block softmax(int axis, LayerRole role) {
        return FullPrecisionBlocks.softmax(axis);
    }

    /**
     * An activation function. Full precision by default (DJL's block: a model built through this hook has the
     * same blocks, names and parameters as one that adds DJL's block itself).
     *
     * @param role the role of the layer whose output it activates
     */
    default Block activation(ActivationKind kind, LayerRole role) {
        return FullPrecisionBlocks.activation(kind);
    }

    /**
     * A normalisation layer. Full precision by default (DJL's block, as for {@link #activation}).
     *
     * @param role the role of the layer whose output it normalises
     */
    default Block norm(NormKind kind, LayerRole role) {
        return FullPrecisionBlocks.norm(kind);
    }

    /**
     * The sub-networks this factory's method trains inside the model it built (QuantSR's depths), or empty for a
     * method that trains one network: then a task runs one forward per step. Ask after the model is built.
     */
    default Optional<SubNetworks> subNetworks() {
        return Optional.empty();
    }

    /**
     * A block only some methods define, or empty: then the model builds its full-precision form from the other
     * hooks itself. A method answers the request types it knows and returns empty for the rest.
     */
    default Optional<Block> custom(BlockRequest request) {
        return Optional.empty();
    }
}
