package org.qbench.methods;

import java.util.Objects;

/**
 * The integer grid a quantizer maps onto: bit width, signedness, granularity and symmetry.
 *
 * <p>Signed grids are two's complement, {@code [-2^(b-1), 2^(b-1)-1]}; unsigned grids are {@code [0,
 * 2^b-1]}. Symmetric means the zero point is fixed at 0 (no learnable offset).
 *
 * @param bits bit width, 1..8
 * @param signed whether the grid has negative levels
 * @param granularity how many parameter sets the tensor gets
 * @param symmetric whether the zero point is fixed at zero
 */
public record QuantSpec(int bits, boolean signed, Granularity granularity, boolean symmetric) {

    /** The widest integer grid qbench quantizes to. */
    public static final int MAX_BITS = 8;

    /** Validates the spec. */
    public QuantSpec {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException(
                    "unsupported bit width " + bits + " (quantizers take 1.." + MAX_BITS + ")");
        }
        Objects.requireNonNull(granularity, "granularity");
    }

    /** A symmetric per-tensor spec. */
    public static QuantSpec perTensor(int bits, boolean signed) {
        return new QuantSpec(bits, signed, Granularity.PER_TENSOR, true);
    }

    /** Smallest integer code: {@code -2^(b-1)} signed, {@code 0} unsigned. */
    public int minCode() {
        return signed ? -(1 << (bits - 1)) : 0;
    }

    /** Largest integer code: {@code 2^(b-1)-1} signed, {@code 2^b-1} unsigned. */
    public int maxCode() {
        return signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }
}
