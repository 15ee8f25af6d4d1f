/**
 * PackQViT. Peiyan Dong et al., "PackQViT: Faster Sub-8-bit Vision Transformers via Full and Packed Quantization
 * on the Mobile", NeurIPS 2023. The paper body was not retrievable; the official training code is the reference
 * (PeiyanFlying/PackQViT, {@code Quant.py}: {@code QIntSoftmax.Softmax_p2} and {@code Log2_Quantize}; notes:
 * {@code shared/reference/methods-cls-vit.md} §3 and {@code methods-addendum.md}, read at HEAD 3753234).
 *
 * <p>What this package holds: {@link org.qbench.methods.packqvit.PackQvitMethod} (id {@code packqvit}, registered
 * in {@link org.qbench.methods.Methods} after {@code lsq+}), its layer factory {@code PackQvitLayers}, its options
 * {@link org.qbench.methods.packqvit.PackQvitOptions} (activation, residual quantization, MLP clip), the
 * outlier-aware residual quantizer {@link org.qbench.methods.packqvit.PtfResidualQuantizer} (FQ-ViT's power-of-two
 * factors, frozen after their first-batch choice), and {@link org.qbench.methods.packqvit.Log2Softmax}, the
 * attention-probability quantizer of the training path (§3.2): a base-2 softmax {@code P = 2^(A - max A) / sum
 * 2^(A - max A)}, the log2 quantizer {@code P_q = 2^round(log2 P) * 1[P > 2^-(2^b - 1)]} and the identity
 * straight-through estimator {@code out = P + sg(P_q - P)}, plus the exponents {@code k} of {@code P_q = 2^-k}
 * that a shift-add kernel for {@code attn V} will consume. The weight quantizer is LSQ per output channel with
 * {@link org.qbench.methods.lsq.LsqQuantizer.StepInit#GLOBAL_MEAN_ABS}; the activation quantizer is LSQ+ in
 * {@link org.qbench.methods.lsqplus.LsqPlusQuantizer.Form#ZERO_POINT} form. The method's own departures are
 * listed by {@link org.qbench.methods.packqvit.PackQvitMethod#departures()}.
 *
 * <p>Departures of the log2 softmax from the official code, each numerically small or outside what a ViT meets:
 *
 * <ul>
 *   <li>{@code 2^x} in the softmax is {@code exp(x ln 2)} (the code: {@code 2 ** x}); the two differ by float
 *       rounding, about 1e-7 relative. The levels {@code 2^r} use the engine's {@code pow}, as the code does, so
 *       they are exact powers of two.
 *   <li>The row maximum is detached. {@code P} does not depend on it, so the gradient is the same function; the
 *       code lets autograd cancel it up to rounding.
 *   <li>A row of all {@code -Infinity} (fully masked) gives zeros, not the code's NaN. ViT attention masks no
 *       row, so no result of the code's setting changes.
 * </ul>
 *
 * <p>Decided here, where the code leaves it open: the integer path uses the training path's rule (log-domain
 * rounding, threshold {@code sqrt(2) 2^k}, ties half to even on the float {@code log2 P}), not the code's
 * FQ-ViT Log-Int-Softmax inference path (base e, threshold {@code 1.5 2^k}), which the code never reconciles with
 * training; so training and integer inference quantize alike.
 */
package org.qbench.methods.packqvit;
