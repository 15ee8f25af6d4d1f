/**
 * {@code qbench kernels}: the GEMM shapes, derived from the tasks' own layers
 * ({@link org.qbench.harness.kernels.ModelGemmShapes}, with the ViTs' attention shapes), the JMH runs over the
 * hardware module's GEMM and attention kernels ({@link org.qbench.harness.kernels.KernelBench}), the libtorch FP32 baseline
 * ({@link org.qbench.harness.kernels.LibtorchBaseline}) and the report it writes
 * ({@link org.qbench.harness.kernels.KernelReport}, rows {@link org.qbench.harness.kernels.KernelMeasurement} and
 * {@link org.qbench.harness.kernels.AttentionMeasurement}).
 */
package org.qbench.harness.kernels;
