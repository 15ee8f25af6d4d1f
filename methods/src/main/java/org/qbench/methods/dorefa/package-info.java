/**
 * DoReFa-Net. Zhou, Wu, Ni, Zhou, Wen, Zou, "DoReFa-Net: Training Low Bitwidth Convolutional Neural Networks
 * with Low Bitwidth Gradients", arXiv:1606.06160, 2016.
 *
 * <p>Implements (notes: {@code shared/reference/methods-cls-vit.md} §4.1): {@code quant_k(r) = round((2^k-1)
 * r)/(2^k-1)} with a straight-through round; weights {@code 2 quant_k(tanh(w)/(2 max|tanh w|) + 1/2) - 1}
 * (k &gt; 1) or {@code mean|w| sign(w)} (k = 1); activations {@code quant_k(clip(a, 0, 1))}.
 *
 * <p>Departures: gradients are not quantized (the usual QAT baseline); {@code max|tanh w|} is detached in the
 * backward pass (the paper is silent; common implementations detach it). PACT reuses these weights.
 */
package org.qbench.methods.dorefa;
