/**
 * LSQ+ (Bhalgat, Lee, Nagel, Blankevoort and Kwak, "LSQ+: Improving low-bit quantization through learnable offsets
 * and better initialization", CVPR Workshops 2020, arXiv:2004.09576): LSQ with an asymmetric activation grid.
 *
 * <p>Activations: {@code x_hat = round(clamp((x - beta)/s, 0, 2^b - 1)) s + beta} with learnable step {@code s} and
 * offset {@code beta}, both gradients scaled by LSQ's {@code g = 1/sqrt(numel Q_P)}; gradients by the
 * straight-through estimator ({@code d/d beta} is 0 inside the range, 1 outside). Weights: LSQ, symmetric, with
 * the step initialised at {@code max(|mu - 3 sigma|, |mu + 3 sigma|) / 2^(b-1)}.
 *
 * <p>Departures, also listed by {@link org.qbench.methods.lsqplus.LsqPlusMethod#departures()}: trained from
 * scratch (the paper fine-tunes); the activation initialisation's "MSE minimisation" is a 1-D search over the clip
 * ratio with the offset at the minimum (the paper does not give its search); the offset has no integer path in the
 * parity check yet. The quantizer supports per-channel (per-head) steps and offsets for the vision transformer,
 * where PackQViT uses this form.
 */
package org.qbench.methods.lsqplus;
