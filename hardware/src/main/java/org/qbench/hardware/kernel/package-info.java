/**
 * Integer GEMM kernels and their operand layouts: {@link org.qbench.hardware.kernel.Codes} (what a code is),
 * {@link org.qbench.hardware.kernel.PackedRows}, {@link org.qbench.hardware.kernel.BitPlanes} and
 * {@link org.qbench.hardware.kernel.PairedRows} (packing),
 * {@link org.qbench.hardware.kernel.GemmKernel} (prepare, then run), the registry
 * {@link org.qbench.hardware.kernel.Kernels}, the 64-bit ground truth {@link org.qbench.hardware.kernel.Gemm}
 * and the shape of a multiply, {@link org.qbench.hardware.kernel.GemmShape}. Apart from them, attention's
 * {@code P V} with log2-quantized probabilities, as shifts and adds: {@link
 * org.qbench.hardware.kernel.ShiftAddShape}, {@link org.qbench.hardware.kernel.AttentionKernel} and their registry
 * {@link org.qbench.hardware.kernel.AttentionKernels}. Which shapes matter is not this module's business: the harness derives them from the tasks' own models ({@code ModelGemmShapes}).
 */
package org.qbench.hardware.kernel;
