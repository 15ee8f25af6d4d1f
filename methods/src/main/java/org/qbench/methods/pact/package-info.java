/**
 * PACT. Choi, Wang, Venkataramani, Chuang, Srinivasan, Gopalakrishnan, "PACT: Parameterized Clipping
 * Activation for Quantized Neural Networks", arXiv:1805.06085, 2018.
 *
 * <p>Implements (notes: {@code shared/reference/methods-cls-vit.md} §4.2): {@code y = min(relu(x), alpha)},
 * {@code y_q = round(y L/alpha) alpha/L}, straight-through around the whole quantization so that
 * {@code dy_q/dalpha = 1[x > alpha]} exactly; alpha per layer, initialised to 10, with L2 decay; weights
 * quantized DoReFa-style (as PACT's experiments do).
 *
 * <p>Departures: alpha's learning rate and decay follow the shared recipe ({@code quantizer_lr_scale}, the
 * recipe's weight decay) rather than PACT's separately tuned alpha decay.
 */
package org.qbench.methods.pact;
