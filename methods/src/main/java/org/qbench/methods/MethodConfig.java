package org.qbench.methods;

import java.util.Objects;

/**
 * What a run asks of a method: the bit width of weights and activations and the first/last-layer protocol.
 *
 * @param bits bit width for weights and activations of the hidden layers; {@value #FULL_PRECISION_BITS} for
 *     full precision
 * @param firstLast precision protocol of the first and last layers
 */
public record MethodConfig(int bits, FirstLastPrecision firstLast) {

    /** The bit width recorded for full-precision runs. */
    public static final int FULL_PRECISION_BITS = 32;

    /** Validates the config. */
    public MethodConfig {
        Objects.requireNonNull(firstLast, "firstLast");
        if (bits != FULL_PRECISION_BITS && (bits < 1 || bits > QuantSpec.MAX_BITS)) {
            throw new IllegalArgumentException(
                    "unsupported bit width " + bits + " (1.." + QuantSpec.MAX_BITS + ", or "
                            + FULL_PRECISION_BITS + " for full precision)");
        }
    }

    /**
     * The bit width a layer at this position gets, or {@link #FULL_PRECISION_BITS} when it stays in full
     * precision.
     */
    public int bitsAt(LayerPosition position) {
        if (bits == FULL_PRECISION_BITS || position == LayerPosition.HIDDEN) {
            return bits;
        }
        return switch (firstLast) {
            case EIGHT_BIT -> 8;
            case FP32 -> FULL_PRECISION_BITS;
            case SAME -> bits;
        };
    }
}
