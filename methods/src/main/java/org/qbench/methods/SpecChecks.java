package org.qbench.methods;

/** Validation shared by the layer specs: each failure names the spec, the field and the bad value. */
final class SpecChecks {

    /** The deepest integer grid a task's data may come on (raw sensor frames go to 14 or 16 bits). */
    static final int MAX_INPUT_BITS = 16;

    private SpecChecks() {}

    /** {@code value} when it is at least {@code min}. */
    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** {@code bits} when it is {@link LayerFactory#FLOAT_INPUT} or 1..{@value #MAX_INPUT_BITS}. */
    static int inputBits(String field, int bits) {
        if (bits != LayerFactory.FLOAT_INPUT && (bits < 1 || bits > MAX_INPUT_BITS)) {
            throw new IllegalArgumentException(field + " must be " + LayerFactory.FLOAT_INPUT + " (input not on an "
                    + "integer grid) or 1.." + MAX_INPUT_BITS + ", got " + bits);
        }
        return bits;
    }
}
