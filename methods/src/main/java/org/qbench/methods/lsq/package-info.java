/**
 * LSQ: Learned Step Size Quantization. Esser, McKinstry, Bablani, Appuswamy, Modha, ICLR 2020,
 * arXiv:1902.08153.
 *
 * <p>Implements (notes: {@code shared/reference/methods-cls-vit.md} §1):
 *
 * <ul>
 *   <li>{@code v_bar = round(clamp(v/s, -Q_N, Q_P))}, {@code v_hat = v_bar * s}; weights signed
 *       ({@code Q_N = 2^(b-1)}, {@code Q_P = 2^(b-1)-1}), activations unsigned after ReLU ({@code Q_N = 0},
 *       {@code Q_P = 2^b-1}) and signed where the input can be negative (the normalised image).
 *   <li>Step-size gradient scaled by {@code g = 1/sqrt(N * Q_P)}, with {@code N} the element count of the
 *       tensor (batch included for activations, as in the paper's listing).
 *   <li>Step size initialised from the first batch as {@code 2 mean|v| / sqrt(Q_P)}.
 *   <li>Round half to even everywhere ({@code torch.round}; {@link java.lang.Math#rint} in the export).
 *   <li>One step size per tensor (the paper's choice); per-channel is offered for later methods.
 * </ul>
 *
 * <p>Departures from the paper, each recorded in the run's protocol:
 *
 * <ul>
 *   <li>Training starts from scratch, not from a pretrained full-precision model (the survey's own
 *       experiment; there is no pretrained Fashion-MNIST ResNet to start from offline).
 *   <li>The step size is floored at {@code 1e-8} (the paper does not constrain it; a negative step has been
 *       reported in practice).
 *   <li>The 8-bit runs train for the same schedule as 2/3/4 bits, not a 1-epoch fine-tune of a pretrained
 *       model.
 *   <li>Weight decay applies to step sizes as to weights (DJL's optimiser takes one decay per optimiser).
 * </ul>
 */
package org.qbench.methods.lsq;
