package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;

/**
 * Sees the arrays a quantized layer computes in a forward pass, training included, and changes nothing: the
 * numerics checker ({@code --check-numerics}) uses it to name the first layer and stage that produced a
 * non-finite value. Installed for the current thread with {@link QuantizedLayers#probe}.
 */
@FunctionalInterface
public interface ForwardProbe {

    /** Where in a quantized layer's forward an array was computed, in the order they are seen. */
    enum Stage {
        /** The layer's input, as the previous layers (batch norm, ReLU, pooling, residual add) left it. */
        INPUT,
        /** The input quantizer's output. */
        INPUT_QUANTIZER,
        /** The layer's weight parameter, as the last optimiser step left it. */
        WEIGHT,
        /** The weight quantizer's output. */
        WEIGHT_QUANTIZER,
        /** The layer's own operation (convolution, matrix product) on the quantized operands. */
        OUTPUT
    }

    /**
     * Called once per stage of every quantized layer's forward.
     *
     * @param layer the layer
     * @param stage what {@code value} is
     * @param value the array (owned by the forward pass; do not close it)
     */
    void seen(QuantizedLayer layer, Stage stage, NDArray value);
}
