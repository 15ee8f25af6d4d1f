package org.qbench.methods;

import java.util.Objects;

/**
 * What a run asks of a method: the bit widths of weights and activations, the first/last-layer protocol, and
 * the method's typed options.
 *
 * @param weightBits bit width of the hidden layers' weights; {@value #FULL_PRECISION_BITS} for full precision
 * @param activationBits bit width of the hidden layers' input activations; {@value #FULL_PRECISION_BITS} for
 *     full precision
 * @param firstLast precision protocol of the {@link LayerRole#STEM} and {@link LayerRole#HEAD} layers
 * @param options the method's options, of its {@link QuantMethod#optionsType()}; {@code null} for the method's
 *     defaults (the method as published)
 */
public record MethodConfig(int weightBits, int activationBits, FirstLastPrecision firstLast, MethodOptions options) {

    /** The bit width recorded for full-precision runs. */
    public static final int FULL_PRECISION_BITS = 32;

    /** The width the {@link FirstLastPrecision#EIGHT_BIT} protocol gives the first and last layers. */
    private static final int EIGHT_BITS = 8;

    /**
     * Validates the widths.
     *
     * @throws IllegalArgumentException {@code unsupported bit width 9 (1..8, or 32 for full precision)}, naming
     *     weights or activations when the two widths differ
     */
    public MethodConfig {
        Objects.requireNonNull(firstLast, "firstLast");
        boolean equal = weightBits == activationBits;
        requireWidth(weightBits, equal ? "" : "weight ");
        requireWidth(activationBits, equal ? "" : "activation ");
    }

    /** The same width for weights and activations, no options: the config of every run so far. */
    public MethodConfig(int bits, FirstLastPrecision firstLast) {
        this(bits, bits, firstLast, null);
    }

    private static void requireWidth(int bits, String operand) {
        if (bits != FULL_PRECISION_BITS && (bits < 1 || bits > QuantSpec.MAX_BITS)) {
            throw new IllegalArgumentException("unsupported " + operand + "bit width " + bits + " (1.."
                    + QuantSpec.MAX_BITS + ", or " + FULL_PRECISION_BITS + " for full precision)");
        }
    }

    /** Whether weights and activations have the same width. */
    public boolean equalBits() {
        return weightBits == activationBits;
    }

    /**
     * The one width of weights and activations, as run specs and tables record it.
     *
     * @throws IllegalStateException when the widths differ (ask {@link #weightBits()} and
     *     {@link #activationBits()})
     */
    public int bits() {
        if (!equalBits()) {
            throw new IllegalStateException(label() + " has no single bit width");
        }
        return weightBits;
    }

    /** {@code W4A8}, or {@code FP32} when both widths are full precision. */
    public String label() {
        return label(weightBits, activationBits);
    }

    /** {@code W4A8}, or {@code FP32} when both widths are full precision: the one label of a pair of widths. */
    public static String label(int weightBits, int activationBits) {
        return weightBits == FULL_PRECISION_BITS && activationBits == FULL_PRECISION_BITS
                ? "FP32"
                : "W" + weightBits + "A" + activationBits;
    }

    /** The weight width of a layer with this role, {@link #FULL_PRECISION_BITS} when it stays in full precision. */
    public int weightBitsAt(LayerRole role) {
        return widthAt(weightBits, role);
    }

    /** The input-activation width of a layer with this role, {@link #FULL_PRECISION_BITS} for full precision. */
    public int activationBitsAt(LayerRole role) {
        return widthAt(activationBits, role);
    }

    /** A full-precision operand stays full precision everywhere; the protocol only applies to quantized ones. */
    private int widthAt(int hidden, LayerRole role) {
        if (hidden == FULL_PRECISION_BITS || !role.followsFirstLastProtocol()) {
            return hidden;
        }
        return switch (firstLast) {
            case EIGHT_BIT -> EIGHT_BITS;
            case FP32 -> FULL_PRECISION_BITS;
            case SAME -> hidden;
        };
    }

    /** This config with other options ({@code null}: the method's defaults). */
    public MethodConfig withOptions(MethodOptions value) {
        return new MethodConfig(weightBits, activationBits, firstLast, value);
    }

    /**
     * The options as the method's type, or {@code defaults} when none were given.
     *
     * @throws IllegalArgumentException when the options are of another type (a config that skipped
     *     {@link QuantMethod#check})
     */
    public <T extends MethodOptions> T optionsOr(Class<T> type, T defaults) {
        if (options == null) {
            return defaults;
        }
        if (!type.isInstance(options)) {
            throw new IllegalArgumentException("expected " + type.getSimpleName() + ", got " + options);
        }
        return type.cast(options);
    }
}
