/**
 * {@code qbench kernels}: the GEMM shapes, derived from the tasks' own layers
 * ({@link org.qbench.harness.kernels.ModelGemmShapes}), the JMH run over the hardware module's kernels
 * ({@link org.qbench.harness.kernels.KernelBench}), the libtorch FP32 baseline
 * ({@link org.qbench.harness.kernels.LibtorchBaseline}) and the report it writes
 * ({@link org.qbench.harness.kernels.KernelReport}).
 */
package org.qbench.harness.kernels;
