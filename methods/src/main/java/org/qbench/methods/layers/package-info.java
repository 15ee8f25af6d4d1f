/**
 * Quantized layers shared by every method: a convolution (bias, channel groups and dilation as its spec says)
 * and a fully connected layer, each holding a weight quantizer and an input quantizer, and the layer factory
 * that builds them from a method's quantizers at the precision of each layer's role. Full precision uses the
 * same layers with identity quantizers, so every method runs the same model code. {@link
 * org.qbench.methods.layers.LayerGeometry} tells integer kernels how a layer lowers to a GEMM; dilated and
 * grouped convolutions say so there, and the integer path refuses them.
 */
package org.qbench.methods.layers;
