package org.qbench.hardware.kernel;

import java.util.List;
import java.util.Optional;

/**
 * The registry of GEMM kernels: each scalar reference with its fast counterpart, in a fixed order, then the kernels
 * that a native runtime runs ({@code ort-*}, ONNX Runtime's CPU provider), which are timed and checked like the others
 * but never picked to compute a layer (they come after every Java kernel of their width).
 */
public final class Kernels {

    private static final List<GemmKernel> ALL = List.of(
            Fp32Kernels.SCALAR, Fp32Kernels.SIMD,
            Int8Kernels.SCALAR, Int8Kernels.SIMD,
            PackedKernels.scalar(4), PackedKernels.bitSerial(4),
            // After int4-bitserial: IntegerLayer takes the first fast kernel of a width that supports the codes.
            Int4PackedKernels.SCALAR, Int4PackedKernels.SIMD,
            PackedKernels.scalar(2), PackedKernels.bitSerial(2),
            PackedKernels.BINARY_SCALAR, PackedKernels.BINARY_XNOR,
            // Last: IntegerLayer and IntegerGemm take the first fast kernel of a width, which must stay a Java one.
            OrtKernels.MATMUL_INTEGER, OrtKernels.FP32_MATMUL);

    private static final KernelIndex<GemmKernel> BY_ID = new KernelIndex<>("kernel", ALL, GemmKernel::id);

    private Kernels() {}

    /** Every kernel, references first within each bit width. */
    public static List<GemmKernel> all() {
        return ALL;
    }

    /**
     * The kernel with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static GemmKernel get(String id) {
        return BY_ID.get(id);
    }

    /**
     * The kernel with this id, if it is a GEMM kernel: a profile lists GEMM and attention kernels in one list
     * ({@link AttentionKernels#find}).
     */
    public static Optional<GemmKernel> find(String id) {
        return BY_ID.find(id);
    }

    /** Every id, in registration order. */
    public static List<String> ids() {
        return BY_ID.ids();
    }

    /** The scalar reference a fast kernel is checked against (itself for a reference). */
    public static GemmKernel referenceFor(GemmKernel fast) {
        return ALL.stream().filter(k -> k.reference() && k.bits() == fast.bits()).findFirst().orElseThrow();
    }
}
