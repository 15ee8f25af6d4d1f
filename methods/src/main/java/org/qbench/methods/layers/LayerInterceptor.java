package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;

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
}
