/**
 * Quantizer primitives every method builds on: the {@link org.qbench.methods.quant.Quantizer} contract,
 * the straight-through building blocks written in DJL's stop-gradient form ({@link
 * org.qbench.methods.quant.StraightThrough}), the identity quantizer used by full precision, and the
 * exported integer form ({@link org.qbench.methods.quant.ExportedTensor}) the hardware module consumes.
 *
 * <p>DJL has no custom autograd functions, so every quantizer writes its forward as {@code y = surrogate(x)
 * + stopGradient(exact(x) - surrogate(x))}: the forward value is the exact quantized value and the gradient
 * is the surrogate's.
 */
package org.qbench.methods.quant;
