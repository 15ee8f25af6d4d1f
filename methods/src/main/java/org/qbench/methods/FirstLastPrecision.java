package org.qbench.methods;

/**
 * The precision protocol for the first and last layers, recorded in every run spec because papers differ
 * here and it moves the numbers.
 */
public enum FirstLastPrecision implements StableId {
    /** First and last layers at 8 bits, as in LSQ (the default). */
    EIGHT_BIT("8bit"),
    /** First and last layers kept in full precision, as in many PACT/DoReFa setups. */
    FP32("fp32"),
    /** First and last layers at the same bit width as the rest. */
    SAME("same");

    private final String id;

    FirstLastPrecision(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Parses an id, failing with the list of known ids. */
    public static FirstLastPrecision fromId(String id) {
        return StableId.parse(FirstLastPrecision.class, "first/last-layer precision", id);
    }
}
