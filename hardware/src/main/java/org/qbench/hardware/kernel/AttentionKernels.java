package org.qbench.hardware.kernel;

import java.util.List;
import java.util.Optional;

/**
 * The registry of attention kernels ({@code P V} with log2-quantized {@code P}): the scalar reference first, then
 * the fast shift-add version, then the float baseline. Apart from {@link Kernels}, whose kernels share the
 * {@link GemmKernel} interface and are checked against {@link Gemm#reference}.
 */
public final class AttentionKernels {

    private static final List<AttentionKernel> ALL =
            List.of(ShiftAddKernels.SCALAR, ShiftAddKernels.SIMD, ShiftAddKernels.FP32);

    private static final KernelIndex<AttentionKernel> BY_ID = new KernelIndex<>("attention kernel", ALL, AttentionKernel::id);

    private AttentionKernels() {}

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
        return BY_ID.get(id);
    }

    /** The attention kernel with this id, if it is one (see {@link Kernels#find}). */
    public static Optional<AttentionKernel> find(String id) {
        return BY_ID.find(id);
    }

    /** Every id, in registration order. */
    public static List<String> ids() {
        return BY_ID.ids();
    }

    /** The scalar reference every attention kernel is checked against. */
    public static AttentionKernel reference() {
        return ShiftAddKernels.SCALAR;
    }
}
