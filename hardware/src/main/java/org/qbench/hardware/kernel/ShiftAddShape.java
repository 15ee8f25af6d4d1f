package org.qbench.hardware.kernel;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One attention head's {@code O = P V} with log2-quantized probabilities (PackQViT, notes §3.2): {@code P} is
 * {@code n x m} exponent codes, {@code k} meaning {@code 2^-k} ({@code 0 <= k <= 2^b - 1}) and {@link #ZERO}
 * meaning 0, the encoding of {@code Log2Softmax.exponents} in {@code methods}; {@code V} is {@code m x d} integer
 * codes. Both row-major.
 *
 * <p>The integer kernels return {@code O} on the fixed-point scale {@code 2^-F} with {@code F = 2^b - 1} ({@link
 * #fractionBits}): {@code O[i][j] = sum_t V[t][j] << (F - k[i][t])}, so every term is an exact integer and
 * {@code O / 2^F} is exactly {@code sum_t 2^-k V}. In real units the output's step is {@code 2^-F} times V's
 * step (V's zero-point, if any, is the caller's: {@code P (V - z) = P V - z * rowsum(P)}).
 *
 * <p>Outputs and accumulators are int32, so a shape is refused unless the worst case over all codes, {@code m *
 * max|v| * 2^F} (every exponent 0, every value at its extreme), is at most {@code 2^31 - 1}. With 4-bit
 * exponents and signed 8-bit values that is {@code m <= 511} (ViT at 224 pixels: 197 tokens); 3-bit exponents
 * allow {@code m <= 131071}; 5-bit exponents ({@code F = 31}) never fit. Softmax rows bound {@code sum 2^-k}
 * by about {@code sqrt 2}, far below {@code m}, but the kernels take any codes, so the bound is on codes.
 *
 * @param n rows of P and O (queries)
 * @param m columns of P, rows of V (keys)
 * @param d columns of V and O (the head dimension)
 * @param exponentBits the log2 quantizer's width {@code b}, 1..8 (only {@code b <= 4} can pass the bound)
 * @param values the codes V holds (not binary)
 */
public record ShiftAddShape(int n, int m, int d, int exponentBits, Codes values) {

    /** The exponent code of a zero probability, as {@code Log2Softmax.ZERO}. */
    public static final int ZERO = -1;

    /**
     * Validates the dimensions, the widths and the int32 bound.
     *
     * @throws IllegalArgumentException for a non-positive dimension, an exponent width outside 1..8, binary
     *     values, operands too large for Java arrays, or a shape whose worst case overflows int32 (the message
     *     gives the worst case and the largest m allowed)
     */
    public ShiftAddShape {
        Objects.requireNonNull(values, "values");
        if (n < 1 || m < 1 || d < 1) {
            throw new IllegalArgumentException(
                    "attention dimensions must be positive, got n=" + n + " m=" + m + " d=" + d);
        }
        if (exponentBits < 1 || exponentBits > 8) {
            throw new IllegalArgumentException(
                    "unsupported exponent width " + exponentBits + " (1..8, as the log2 softmax)");
        }
        if (values.binary()) {
            throw new IllegalArgumentException("values must be integer codes, not binary");
        }
        // 64 spare elements: the vector kernels pad rows to whole vectors.
        long limit = Integer.MAX_VALUE - 1024;
        if ((long) n * m > limit || (long) m * d > limit || (long) n * d > limit) {
            throw new IllegalArgumentException(
                    "attention n=" + n + " m=" + m + " d=" + d + " is too large for Java arrays");
        }
        int f = (1 << exponentBits) - 1;
        long perKey = f > 30 ? Long.MAX_VALUE : (long) values.maxAbs() << f; // the largest |term|, max|v| * 2^F
        long largestM = Integer.MAX_VALUE / perKey;
        if (m > largestM) {
            BigInteger worst = BigInteger.valueOf(m).multiply(BigInteger.valueOf(values.maxAbs())).shiftLeft(f);
            throw new IllegalArgumentException("m=" + m + " keys can overflow int32 accumulators with " + exponentBits
                    + "-bit exponents (F = " + f + ") and " + values + " values: worst case m * max|v| * 2^F = " + worst
                    + " > 2^31 - 1; " + (largestM == 0 ? "no m fits, use fewer exponent bits"
                            : "the largest m allowed is " + largestM));
        }
    }

    /** The largest exponent, {@code 2^b - 1}: the smallest nonzero probability is {@code 2^-maxExponent}. */
    public int maxExponent() {
        return (1 << exponentBits) - 1;
    }

    /** {@code F}, the output's fraction bits: {@link #maxExponent}, the least that keeps every term exact. */
    public int fractionBits() {
        return maxExponent();
    }

    /** Terms {@code 2^-k v} summed, zero or not: {@code n * m * d}. */
    public long terms() {
        return (long) n * m * d;
    }

    /**
     * Checks operand sizes and codes: exponents {@link #ZERO} or {@code 0..2^b - 1}, values in range.
     *
     * @throws IllegalArgumentException naming the first bad size, index or code
     */
    public void check(int[] exponents, int[] v) {
        if (exponents.length != n * m || v.length != m * d) {
            throw new IllegalArgumentException("operands of " + exponents.length + " exponents and " + v.length
                    + " values do not match attention " + this + " (expected " + n * m + " and " + m * d + ")");
        }
        int max = maxExponent();
        for (int i = 0; i < exponents.length; i++) {
            int k = exponents[i];
            if (k < ZERO || k > max) {
                throw new IllegalArgumentException("exponents[" + i + "] = " + k + " is neither ZERO (-1) nor in 0.."
                        + max + " (" + exponentBits + "-bit exponents)");
            }
        }
        values.check(v, "values");
    }

    @Override
    public String toString() {
        return n + "x" + m + "x" + d + " (" + exponentBits + "-bit exponents, " + values + " values)";
    }
}
