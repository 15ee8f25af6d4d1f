/**
 * N2UQ. Liu, Cheng, Huang, Xing, Shen, "Nonuniform-to-Uniform Quantization: Towards Accurate Quantization via
 * Generalized Straight-Through Estimation", CVPR 2022, arXiv:2111.14826. The official code
 * (liuzechun/Nonuniform-to-Uniform-Quantization) is the reference (notes: {@code
 * shared/reference/methods-cls-vit.md} §2; the paper body was not retrievable).
 *
 * <p>Implements: the LTQ activation quantizer (learnable start, interval lengths floored at 1e-3, scale1 and
 * scale2, midpoint thresholds, uniform output levels, the G-STE surrogate in its branch-free clamp-sum form,
 * numerically identical to the official code); the entropy-preserving weight quantizer (per-output-channel
 * {@code gamma * mean|W|}, clip to [-1, 1], {@code 2^n} symmetric levels without zero, unclipped STE). The dead
 * {@code clip_val} of the official weight quantizer is the constant it behaves as.
 *
 * <p>Departures (recorded in {@link org.qbench.methods.n2uq.N2uqMethod#departures()} and every result): no
 * distillation and no pretrained start (the survey's experiment; a protocol choice, not a silent change); the
 * suite's ReLU ResNet instead of RPReLU blocks; the shared SGD recipe; first/last layers per the run's
 * protocol; 1x1 downsample convolutions quantized (N2UQ, not N2UQ*).
 */
package org.qbench.methods.n2uq;
