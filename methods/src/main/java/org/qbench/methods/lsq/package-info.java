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
 *       {@link org.qbench.methods.lsq.LsqOptions#gradientScale()} false runs the ablation without it ({@code g = 1}).
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
 *   <li>The grid uses {@code max(|s|, 1e-8)} (the paper does not constrain s). A plain floor kills the
 *       gradient once momentum pushes s below zero; training from scratch at lr 0.2 this collapsed a
 *       ResNet-8 to chance (the classifier's weight step crossed zero at step 85). With |s| the gradient
 *       stays alive; runs whose step sizes stay positive are unchanged.
 *   <li>The 8-bit runs train for the same schedule as 2/3/4 bits, not a 1-epoch fine-tune of a pretrained
 *       model.
 *   <li>Weight decay applies to step sizes as to weights (DJL's optimiser takes one decay per optimiser).
 *   <li>Step sizes learn at a tenth of the weights' learning rate (the recipe's {@code quantizer_lr_scale},
 *       N2UQ's convention). The paper fine-tunes at 0.01 with one rate; training from scratch at 0.2 with one
 *       rate, the 8-bit classifier's step size moved by about its own size per step, crossed zero and cost
 *       4-bit LSQ six points (83.3% against 89.2%, quick budget, seed 0).
 * </ul>
 *
 * <p>Underspecified in the paper, decided here: the first layer's input is the 8-bit image itself, not
 * re-quantized (the normalised image is an exact affine map of uint8 pixels; LSQ's data init would span about
 * +-18 for inputs in [-0.8, 2.0] and use about 20 of 256 levels — with it, 8-bit LSQ trailed FP32 by 0.9
 * points, without it, it matches); the gradient scale's N is the element count with the batch; activation
 * and weight step sizes are learned at 8 bits too.
 */
package org.qbench.methods.lsq;
