/**
 * QuantSR. Haotong Qin, Yulun Zhang, Yifu Ding, Yifan Liu, Xianglong Liu, Martin Danelljan, Fisher Yu, "QuantSR:
 * Accurate Low-bit Quantization for Efficient Image Super-Resolution", NeurIPS 2023 (OpenReview 3gamyee9Yh). The paper
 * body was not retrievable; the official code {@code htqin/QuantSR} at d470ad6 (test code only) and its overview
 * figure are the reference (notes: {@code shared/reference/sr-lowlight.md} §1 and {@code methods-addendum.md}).
 *
 * <p>What this package holds: {@link org.qbench.methods.quantsr.QuantsrMethod} (id {@code quantsr}, registered in
 * {@link org.qbench.methods.Methods}), its layer factory {@code QuantsrLayers}, its options
 * {@link org.qbench.methods.quantsr.QuantsrOptions} ({@code rlq}, {@code dqa}, {@code dqa_switch},
 * {@code eval_version}, {@code tanh_k}), the quantizer {@link org.qbench.methods.quantsr.RlqQuantizer} (learnable
 * per-channel shift {@code tau} on activations, learnable step with LSQ's gradient scale, the tanh round surrogate in
 * the backward pass only), the depth-dynamic residual block {@link org.qbench.methods.quantsr.DqaResidual}
 * ({@code y = alpha_i x + F(x)}, or {@code alpha_i x} when skipped) and its schedule
 * {@link org.qbench.methods.quantsr.DepthSchedule} (stage switch, ranking by {@code alpha_i}, skip rule, which the
 * released code leaves undefined). The method's departures are listed by
 * {@link org.qbench.methods.quantsr.QuantsrMethod#departures()}.
 */
package org.qbench.methods.quantsr;
