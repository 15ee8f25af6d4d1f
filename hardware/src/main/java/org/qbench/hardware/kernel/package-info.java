/**
 * Integer GEMM kernels and their operand layouts: {@link org.qbench.hardware.kernel.Codes} (what a code is),
 * {@link org.qbench.hardware.kernel.PackedRows} and {@link org.qbench.hardware.kernel.BitPlanes} (packing),
 * {@link org.qbench.hardware.kernel.GemmKernel} (prepare, then run), the registry
 * {@link org.qbench.hardware.kernel.Kernels}, the 64-bit ground truth {@link org.qbench.hardware.kernel.Gemm}
 * and the suite's layer shapes {@link org.qbench.hardware.kernel.ModelShapes}.
 */
package org.qbench.hardware.kernel;
