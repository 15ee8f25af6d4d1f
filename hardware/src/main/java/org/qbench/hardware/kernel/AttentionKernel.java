package org.qbench.hardware.kernel;

/**
 * One implementation of attention's {@code O = P V} for log2-quantized {@code P} (see {@link ShiftAddShape}),
 * split like {@link GemmKernel} so a benchmark times only the product: {@link #prepare} lays out the codes
 * (setup), {@link Prepared#run} multiplies (measured). Not a {@link GemmKernel}: {@code P}'s codes are
 * exponents, not {@link Codes}, and the product is {@code P V}, not {@code A W^T}.
 */
public interface AttentionKernel {

    /** Stable id, e.g. {@code attn-shiftadd-simd}; used in results. */
    String id();

    /** One line: layout and technique. */
    String description();

    /** Whether it is the plain scalar reference. */
    boolean reference();

    /** Whether its output is exact (integer kernels); a float kernel rounds. */
    boolean exact();

    /**
     * Lays out the operands: {@code n x m} exponent codes and {@code m x d} value codes, row-major.
     *
     * @throws IllegalArgumentException for operands that do not match the shape or a code out of range
     */
    Prepared prepare(ShiftAddShape shape, int[] exponents, int[] values);

    /** Operands in a kernel's layout, ready to multiply. */
    interface Prepared {
        /** Computes {@code O = P V} into the prepared output. */
        void run();

        /**
         * {@code O[i][j]} of the last run on the fixed-point scale {@code 2^-F}: the exact integer of an exact
         * kernel (a double holds every int32), a float kernel's result times {@code 2^F} (a power of two, so
         * the scaling adds no error).
         */
        double output(int i, int j);
    }
}
