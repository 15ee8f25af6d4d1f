package org.qbench.hardware.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of attention kernels ({@code P V} with log2-quantized {@code P}): the scalar reference first, then
 * the fast shift-add version, then the float baseline. Apart from {@link Kernels}, whose kernels share the
 * {@link GemmKernel} interface and are checked against {@link Gemm#reference}.
 */
public final class AttentionKernels {

    private static final List<AttentionKernel> ALL =
            List.of(ShiftAddKernels.SCALAR, ShiftAddKernels.SIMD, ShiftAddKernels.FP32);

    private static final Map<String, AttentionKernel> BY_ID = index();

    private AttentionKernels() {}

    private static Map<String, AttentionKernel> index() {
        Map<String, AttentionKernel> m = new LinkedHashMap<>();
        for (AttentionKernel k : ALL) {
            if (m.put(k.id(), k) != null) {
                throw new IllegalStateException("duplicate attention kernel id " + k.id());
            }
        }
        return m;
    }

    /** Every attention kernel, the reference first. */
    public static List<AttentionKernel> all() {
        return ALL;
    }

    /**
     * The attention kernel with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static AttentionKernel get(String id) {
        AttentionKernel k = BY_ID.get(id);
        if (k == null) {
            throw new IllegalArgumentException(
                    "unknown attention kernel '" + id + "' (known: " + String.join(", ", BY_ID.keySet()) + ")");
        }
        return k;
    }

    /** The scalar reference every attention kernel is checked against. */
    public static AttentionKernel reference() {
        return ShiftAddKernels.SCALAR;
    }
}
