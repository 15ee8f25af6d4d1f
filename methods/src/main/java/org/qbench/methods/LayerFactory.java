package org.qbench.methods;

import ai.djl.nn.Block;

/**
 * Builds the layers a task model is made of. A task model asks the factory of the run's method for every
 * layer a method may change, so the model code never branches on the method id.
 */
public interface LayerFactory {

    /**
     * A 2-D convolution without bias (a batch norm follows in every model here).
     *
     * @param outChannels number of filters
     * @param kernel square kernel size
     * @param stride stride in both directions
     * @param padding zero padding in both directions
     * @param position where the layer sits, for the first/last-layer protocol
     * @param signedInput whether the layer's input can be negative (the normalised image, a residual sum)
     */
    Block conv2d(int outChannels, int kernel, int stride, int padding, LayerPosition position, boolean signedInput);

    /**
     * A fully connected layer with bias.
     *
     * @param units output features
     * @param position where the layer sits, for the first/last-layer protocol
     * @param signedInput whether the layer's input can be negative
     */
    Block linear(int units, LayerPosition position, boolean signedInput);
}
