package org.qbench.hardware.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of GEMM kernels: each scalar reference with its fast counterpart, in a fixed order. */
public final class Kernels {

    private static final List<GemmKernel> ALL = List.of(
            Fp32Kernels.SCALAR, Fp32Kernels.SIMD,
            Int8Kernels.SCALAR, Int8Kernels.SIMD,
            PackedKernels.scalar(4), PackedKernels.bitSerial(4),
            // After int4-bitserial: IntegerLayer takes the first fast kernel of a width that supports the codes.
            Int4PackedKernels.SCALAR, Int4PackedKernels.SIMD,
            PackedKernels.scalar(2), PackedKernels.bitSerial(2),
            PackedKernels.BINARY_SCALAR, PackedKernels.BINARY_XNOR);

    private static final Map<String, GemmKernel> BY_ID = index();

    private Kernels() {}

    private static Map<String, GemmKernel> index() {
        Map<String, GemmKernel> m = new LinkedHashMap<>();
        for (GemmKernel k : ALL) {
            if (m.put(k.id(), k) != null) {
                throw new IllegalStateException("duplicate kernel id " + k.id());
            }
        }
        return m;
    }

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
        GemmKernel k = BY_ID.get(id);
        if (k == null) {
            throw new IllegalArgumentException("unknown kernel '" + id + "' (known: " + String.join(", ", BY_ID.keySet()) + ")");
        }
        return k;
    }

    /** The scalar reference a fast kernel is checked against (itself for a reference). */
    public static GemmKernel referenceFor(GemmKernel fast) {
        return ALL.stream().filter(k -> k.reference() && k.bits() == fast.bits()).findFirst().orElseThrow();
    }
}
