package org.qbench.hardware.kernel;

/**
 * Signed 4-bit weight rows packed two to a 32-bit int lane, the layout of PackQViT's packed 4-bit multiplier
 * as reconstructed in methods-addendum.md (two adjacent weight rows in one lane times a broadcast activation,
 * widened for the row sums, then split): scheme (b) of methods-cls-vit.md §3.4 with the roles of weights and
 * activations swapped.
 *
 * <p><b>Lane.</b> Weight rows {@code 2p} and {@code 2p+1} share lane {@code p}, offset to unsigned
 * ({@code w' = w + 8}, 0..15) because a negative field would borrow from its neighbour:
 * {@code lane = w'[2p][i] + w'[2p+1][i] * 2^16}. One int multiply by an unsigned activation {@code a'} yields
 * both products, {@code a' w'[2p][i]} in bits 0..15 and {@code a' w'[2p+1][i]} in bits 16..31. A missing
 * partner (odd n) and padding lanes hold 0, not the offset 8, so they add nothing.
 *
 * <p><b>Extraction interval.</b> Products are summed in the packed lane and split ({@code acc & 0xFFFF},
 * {@code acc >>> 16}) every {@code L} steps of k. Both fields are sums of non-negative products, so the only
 * failure is a field reaching {@code 2^16}: the low field then carries into the high one and the high field
 * falls off the top of the int. With activations {@code 0 .. A} (offset to unsigned, {@code A = 2^b_a - 1})
 * and weights {@code 0 .. 15}, a field after {@code L} steps is at most {@code 15 A L}, hence
 * <pre>{@code 15 A L <= 2^16 - 1,   L = floor(65535 / (15 A))}</pre>
 * 291 for 4-bit activations (as §3.4 states for 16-bit fields), 17 for 8-bit, 1456 for 2-bit, and tight: all
 * codes at their maximum reach {@code 15 A (L + 1) >= 2^16} one step later (see {@link #interval}).
 *
 * <p><b>Storage.</b> k-major: lane {@code p} of step {@code i} is {@code lanes[i * pairs + p]}, so a run of
 * lanes at one k meets one broadcast activation. {@code pairs} is {@code ceil(n / 2)} rounded up to the
 * packing's padding (a vector kernel's lane count).
 *
 * @param n weight rows (output channels)
 * @param k codes per row
 * @param pairs lanes per step of k, padding included
 * @param lanes the packed lanes, {@code k * pairs} of them
 * @param rowSums {@code sum_i w'[r][i]} per weight row {@code r}, for the zero-point correction
 */
public record PairedRows(int n, int k, int pairs, int[] lanes, int[] rowSums) {

    /** The weight codes this layout takes: signed 4-bit, -8..7. */
    public static final Codes WEIGHTS = new Codes(4, true);
    /** Added to a weight code to make its field unsigned. */
    public static final int WEIGHT_OFFSET = 8;
    /** Bits per field: two fields fill an int lane. */
    public static final int FIELD_BITS = 16;
    /** The mask of the low field. */
    public static final int FIELD_MASK = (1 << FIELD_BITS) - 1;

    /** Validates the sizes. */
    public PairedRows {
        if (n < 1 || k < 1 || pairs < (n + 1) / 2 || lanes.length != (long) k * pairs || rowSums.length != n) {
            throw new IllegalArgumentException("paired rows: " + lanes.length + " lanes, " + rowSums.length
                    + " row sums for n=" + n + " k=" + k + " pairs=" + pairs);
        }
    }

    /**
     * Packs a row-major {@code n x k} matrix of signed 4-bit weight codes.
     *
     * @param padTo the lane count is rounded up to a multiple of this (1 for none)
     * @throws IllegalArgumentException when a code is outside -8..7 (naming its index) or the size is wrong
     */
    public static PairedRows pack(int n, int k, int[] w, int padTo) {
        if (w.length != (long) n * k || padTo < 1) {
            throw new IllegalArgumentException(
                    w.length + " codes for a " + n + " x " + k + " matrix (padding " + padTo + ")");
        }
        WEIGHTS.check(w, "weights");
        int pairs = PaddedRows.roundUp((n + 1) / 2, padTo);
        int[] lanes = new int[k * pairs];
        int[] rowSums = new int[n];
        for (int r = 0; r < n; r++) {
            int shift = (r & 1) * FIELD_BITS;
            for (int i = 0; i < k; i++) {
                int field = w[r * k + i] + WEIGHT_OFFSET;
                lanes[i * pairs + r / 2] |= field << shift;
                rowSums[r] += field;
            }
        }
        return new PairedRows(n, k, pairs, lanes, rowSums);
    }

    /**
     * The offset that makes activation codes unsigned: {@code 2^(b-1)} for signed codes, 0 for unsigned.
     *
     * @throws IllegalArgumentException for binary codes, which have no offset form
     */
    public static int activationOffset(Codes activations) {
        if (activations.binary()) {
            throw new IllegalArgumentException("binary activations have no unsigned offset form");
        }
        return activations.signed() ? -activations.min() : 0;
    }

    /**
     * The extraction interval {@code L}: the most products a field may accumulate before it is split off,
     * {@code floor((2^16 - 1) / (15 (2^b_a - 1)))} (derivation in the class comment).
     *
     * @throws IllegalArgumentException for binary codes
     */
    public static int interval(Codes activations) {
        int largestActivation = activations.max() + activationOffset(activations); // 2^b - 1 either way
        return FIELD_MASK / ((WEIGHTS.max() + WEIGHT_OFFSET) * largestActivation);
    }

    /** The low field of a packed accumulator: row {@code 2p}'s partial sum. */
    public static int low(int acc) {
        return acc & FIELD_MASK;
    }

    /** The high field of a packed accumulator: row {@code 2p+1}'s partial sum. */
    public static int high(int acc) {
        return acc >>> FIELD_BITS;
    }

    /** The weight codes back, row-major (a check of the layout). */
    public int[] unpack() {
        int[] w = new int[n * k];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < k; i++) {
                int lane = lanes[i * pairs + r / 2];
                w[r * k + i] = ((r & 1) == 0 ? low(lane) : high(lane)) - WEIGHT_OFFSET;
            }
        }
        return w;
    }
}
