package org.qbench.hardware.kernel;

/**
 * The integer codes a b-bit operand may hold: unsigned {@code 0 .. 2^b - 1}, signed two's complement
 * {@code -2^(b-1) .. 2^(b-1) - 1}, and for b = 1 signed the binary values {@code -1, +1} (stored as bit 0 and
 * bit 1, the XNOR-network convention).
 *
 * @param bits 1, 2, 4 or 8 (the widths that tile a 64-bit word)
 * @param signed whether codes are signed
 */
public record Codes(int bits, boolean signed) {

    /** Validates the width. */
    public Codes {
        if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
            throw new IllegalArgumentException("unsupported kernel bit width " + bits + " (supported: 1, 2, 4, 8)");
        }
    }

    /** Whether these are the binary codes {-1, +1}. */
    public boolean binary() {
        return bits == 1 && signed;
    }

    /** Smallest code. */
    public int min() {
        return binary() ? -1 : signed ? -(1 << (bits - 1)) : 0;
    }

    /** Largest code. */
    public int max() {
        return binary() ? 1 : signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /** Largest |code|, the bound accumulator sizes are checked against. */
    public int maxAbs() {
        return Math.max(Math.abs(min()), Math.abs(max()));
    }

    /** The bit pattern stored for a code (its low {@code bits} bits; binary: -1 -> 0, +1 -> 1). */
    int encode(int code) {
        return binary() ? (code > 0 ? 1 : 0) : code & ((1 << bits) - 1);
    }

    /** The code a stored bit pattern means. */
    int decode(int pattern) {
        if (binary()) {
            return pattern == 0 ? -1 : 1;
        }
        return signed && pattern >= 1 << (bits - 1) ? pattern - (1 << bits) : pattern;
    }

    /**
     * Checks every code is in range.
     *
     * @throws IllegalArgumentException naming the first offending index and value
     */
    public void check(int[] codes, String what) {
        for (int i = 0; i < codes.length; i++) {
            int c = codes[i];
            if (c < min() || c > max() || (binary() && c == 0)) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + c + " is not a " + this + " code ("
                        + (binary() ? "-1 or +1" : min() + ".." + max()) + ")");
            }
        }
    }

    @Override
    public String toString() {
        return binary() ? "binary" : (signed ? "signed " : "unsigned ") + bits + "-bit";
    }
}
