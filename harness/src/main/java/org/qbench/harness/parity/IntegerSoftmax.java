package org.qbench.harness.parity;

/**
 * PackQViT's base-2 softmax and log2 rounding in integers only (the "int-2^n softmax" of the notes' §3.3, with the
 * training path's log-domain rounding): from integer logits {@code x} with real scale {@code S} to the exponent codes
 * of {@code Log2Softmax.exponents} ({@code k} for {@code 2^-k}, {@code k} in {@code 0..2^b - 1}, or {@code ZERO}).
 *
 * <p>Since {@code -log2 P_j = log2 sum_i 2^(S (x_i - max x)) - S (x_j - max x)}, the exponent is {@code k_j =
 * rint(L - t_j)} with {@code t_j = S (x_j - max x) <= 0} and {@code L = log2 sum 2^t >= 0}; no division. In fixed
 * point:
 * <ol>
 *   <li>{@code t} in Q24: {@code (x - max) * M >> 16} with the dyadic scale {@code M = rint(S 2^40)} (int64);
 *   <li>{@code 2^t} in Q30: the integer part of {@code t} is a right shift, the fraction {@code f} goes through a
 *       65-entry table of {@code 2^(i/64)} (Q30) with linear interpolation on the next 18 bits; terms below {@code
 *       2^-40} are 0; the row sum is int64 and at least {@code 2^30} (the maximum's term is exactly 1);
 *   <li>{@code L = log2 sum}: the leading one's position is the integer part, the 24 bits after it go through a
 *       65-entry table of {@code log2(1 + i/64)} (Q24) with linear interpolation;
 *   <li>{@code y = L - t} in Q24: {@code ZERO} when {@code y >= 2^b - 1} (that is {@code P <= 2^-(2^b - 1)}), else
 *       {@code k = rint(y)}, half to even as {@code torch.round}.
 * </ol>
 *
 * <p>Error: the tables' interpolation is the largest term ({@code 2^x}: relative {@code (ln2/64)^2/8 = 1.5e-5}, so
 * {@code 2.1e-5} in {@code log2}; {@code log2(1 + f)}: {@code 4.4e-5}), the scale and truncations add about
 * {@code 1e-6}: {@code |y - y_exact| <= 7e-5 < }{@link #ERROR_BOUND}{@code  = 2^-12}. So an exponent can differ from
 * the float path's only where the exact {@code -log2 P} lies within {@code 2^-12} (plus the float path's own
 * rounding, about {@code 1e-6}) of a rounding boundary {@code k + 1/2} or of the cut-off {@code 2^b - 1}, and then by
 * one step: for logits whose {@code -log2 P} has a fractional part spread evenly, at most about {@code 2 * 2^-12 =
 * 0.05 %} of the entries.
 */
final class IntegerSoftmax {

    /** Bound on the fixed-point error of {@code -log2 P}, in exponent steps. */
    static final double ERROR_BOUND = 0x1p-12;

    private static final int Q = 24;
    private static final long ONE = 1L << Q;
    private static final long HALF = 1L << (Q - 1);
    private static final long MASK = ONE - 1;
    private static final int SCALE_BITS = 40;
    private static final int POW_BITS = 30;
    private static final int TABLE_BITS = 6;
    private static final int INTERPOLATION_BITS = Q - TABLE_BITS;
    /** Terms {@code 2^t} with {@code t} below this are 0 (the sum is at least 1, so they do not move {@code L}). */
    private static final long SMALLEST_T = -40L << Q;
    /** {@code 2^(i/64)} in Q30, {@code i = 0..64}: a ROM on hardware, computed once here. */
    private static final long[] POW2 = new long[(1 << TABLE_BITS) + 1];
    /** {@code log2(1 + i/64)} in Q24, {@code i = 0..64}. */
    private static final long[] LOG2 = new long[(1 << TABLE_BITS) + 1];

    static {
        for (int i = 0; i < POW2.length; i++) {
            double f = (double) i / (1 << TABLE_BITS);
            POW2[i] = Math.round(Math.scalb(Math.pow(2, f), POW_BITS));
            LOG2[i] = Math.round(Math.scalb(Math.log1p(f) / Math.log(2), Q));
        }
    }

    private IntegerSoftmax() {}

    /**
     * The exponent codes of each row's base-2 softmax.
     *
     * @param logits {@code rows x cols} integer logits, row-major
     * @param scale the real value of one logit unit ({@code > 0})
     * @param bits the exponent width {@code b}, 1..8
     * @return {@code rows x cols} codes: {@code k} in {@code 0..2^b - 1}, or -1 ({@code Log2Softmax.ZERO})
     */
    static int[] exponents(long[] logits, int rows, int cols, double scale, int bits) {
        if (!(scale > 0) || bits < 1 || bits > 8) {
            throw new IllegalArgumentException("scale " + scale + " must be positive, bits " + bits + " in 1..8");
        }
        long m = Math.round(Math.scalb(scale, SCALE_BITS));
        long cutoff = (long) ((1 << bits) - 1) << Q;
        int[] out = new int[rows * cols];
        long[] t = new long[cols];
        for (int r = 0; r < rows; r++) {
            long max = Long.MIN_VALUE;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, logits[r * cols + c]);
            }
            long sum = 0;
            for (int c = 0; c < cols; c++) {
                t[c] = Math.multiplyExact(logits[r * cols + c] - max, m) >> (SCALE_BITS - Q);
                sum += pow2(t[c]);
            }
            long logSum = log2(sum);
            for (int c = 0; c < cols; c++) {
                long y = logSum - t[c];
                if (y >= cutoff) {
                    out[r * cols + c] = -1;
                    continue;
                }
                long k = y >> Q;
                long rem = y & MASK;
                if (rem > HALF || (rem == HALF && (k & 1) == 1)) {
                    k++;
                }
                out[r * cols + c] = (int) k;
            }
        }
        return out;
    }

    /** {@code 2^t} in Q30 for {@code t <= 0} in Q24. */
    static long pow2(long t) {
        if (t < SMALLEST_T) {
            return 0;
        }
        long whole = t >> Q; // floor, <= 0
        long f = t & MASK;
        int i = (int) (f >> INTERPOLATION_BITS);
        long rem = f & ((1L << INTERPOLATION_BITS) - 1);
        long p = POW2[i] + (((POW2[i + 1] - POW2[i]) * rem) >> INTERPOLATION_BITS);
        return p >> -whole;
    }

    /** {@code log2(sum / 2^30)} in Q24, for {@code sum >= 2^30}. */
    static long log2(long sum) {
        int p = 63 - Long.numberOfLeadingZeros(sum);
        long f = (sum >> (p - Q)) & MASK; // p >= 30 > Q
        int i = (int) (f >> INTERPOLATION_BITS);
        long rem = f & ((1L << INTERPOLATION_BITS) - 1);
        long l = LOG2[i] + (((LOG2[i + 1] - LOG2[i]) * rem) >> INTERPOLATION_BITS);
        return ((long) (p - POW_BITS) << Q) + l;
    }
}
