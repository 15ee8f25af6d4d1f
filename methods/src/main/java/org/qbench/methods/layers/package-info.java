/**
 * Quantized layers shared by every method: a convolution and a fully connected layer, each holding a weight
 * quantizer and an input quantizer, and the layer factory that builds them from a method's quantizers.
 * Full precision uses the same layers with identity quantizers, so every method runs the same model code.
 */
package org.qbench.methods.layers;
