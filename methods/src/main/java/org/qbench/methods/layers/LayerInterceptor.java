package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * Sees every quantized layer's inference forward pass and may replace its output: the parity check uses it to
 * compare each layer's fake-quant output with an integer kernel's, and to run a network on integer kernels.
 * Installed for the current thread with {@link QuantizedLayers#intercept}; never called while training.
 */
@FunctionalInterface
public interface LayerInterceptor {

    /**
     * Called after a quantized layer's forward.
     *
     * @param layer the layer
     * @param input its input, before its input quantizer
     * @param fakeQuant its fake-quant output
     * @return the output the network goes on with ({@code fakeQuant} to only observe)
     */
    NDArray forward(QuantizedLayer layer, NDArray input, NDArray fakeQuant);

    /**
     * Called after a product of two quantized activations ({@link QuantMatMul}: attention's {@code Q K^T} and
     * {@code P V}), in forward order with the layers. Observes by default.
     *
     * @param product the product
     * @param left its left input, before the left quantizer
     * @param right its right input, before the right quantizer
     * @param fakeQuant its fake-quant output
     * @return the output the network goes on with
     */
    default NDArray product(QuantMatMul product, NDArray left, NDArray right, NDArray fakeQuant) {
        return fakeQuant;
    }

    /**
     * Called after a quantizing softmax (PackQViT's log2 softmax), in forward order. Observes by default.
     *
     * @param softmax the softmax block
     * @param logits its input
     * @param output its (quantized) output
     * @return the output the network goes on with
     */
    default NDArray softmax(Block softmax, NDArray logits, NDArray output) {
        return output;
    }
}
