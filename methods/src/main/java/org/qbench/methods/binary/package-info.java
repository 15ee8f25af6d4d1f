/**
 * One-bit building blocks shared by BRVE ({@code org.qbench.methods.brve}) and the BiBench operator baselines
 * ({@code org.qbench.methods.bibench}): the per-operator sign quantizers ({@link org.qbench.methods.binary.BinaryOperator},
 * {@link org.qbench.methods.binary.BinaryActivationQuantizer}, {@link org.qbench.methods.binary.BinaryWeightQuantizer}),
 * BRVE's differentiable blocks ({@link org.qbench.methods.binary.LearnableBias}, {@link org.qbench.methods.binary.Rprelu},
 * {@link org.qbench.methods.binary.Daca}, {@link org.qbench.methods.binary.Dabc},
 * {@link org.qbench.methods.binary.BinaryFusion}, {@link org.qbench.methods.binary.BinaryDown}), its parameter-free
 * shift operations on {@code (B, T, C, H, W)} features ({@link org.qbench.methods.binary.TemporalShift},
 * {@link org.qbench.methods.binary.SpatialShift}), and the layer factory of the 1-bit methods
 * ({@link org.qbench.methods.binary.BinaryLayers}). Notes: {@code shared/reference/sr-lowlight.md} §3 and
 * {@code methods-addendum.md} (BRVE, BiBench operator table).
 */
package org.qbench.methods.binary;
