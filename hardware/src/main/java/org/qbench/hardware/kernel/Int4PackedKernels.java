package org.qbench.hardware.kernel;

import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * PackQViT's packed 4-bit GEMM (as reconstructed, see {@link PairedRows}): signed 4-bit weights, two rows per
 * int lane in 16-bit fields, times a broadcast activation, so one multiply makes two products. Activations
 * may be any non-binary codes up to 8 bits, signed or unsigned; they are offset to unsigned, and the offsets
 * are removed afterwards with the zero-point identity
 * <pre>{@code sum (a' - z_a)(w' - 8) = sum a'w' - 8 sum a' - z_a sum w' + 8 k z_a}</pre>
 * (row sums of w' at prepare time, of a' in each run, as a real layer would fuse them into quantization).
 *
 * <p>{@link #SCALAR} ({@code int4-packed2}) is the packed loop in plain Java; {@link #SIMD}
 * ({@code int4-packed2-simd}) the same on Vector API int lanes, 4 activation rows x 2 vectors of lanes per
 * register block. Both split the packed accumulators every {@link PairedRows#interval} steps of k. The
 * unpacked baseline is {@code int8-simd} ({@link Int8Kernels#SIMD}), which takes the same 4-bit codes one per
 * byte.
 *
 * <p>All sums are int and may wrap (e.g. {@code sum a'w'} for 8-bit activations near the largest k): they are
 * exact modulo 2^32, and {@link GemmShape#checkAccumulator} has already ensured the true result fits an int,
 * so the corrected result is exact.
 */
final class Int4PackedKernels {

    private Int4PackedKernels() {}

    /** The int lanes, as in {@link Int8Kernels}: the widest the machine prefers, at least 256 bits. */
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED.vectorBitSize() >= 256
            ? IntVector.SPECIES_PREFERRED : IntVector.SPECIES_256;

    /** Weight lanes per register block of {@link #SIMD}: two vectors. */
    private static final int LANE_BLOCK = 2 * INTS.length();

    /** Shared support and checks; the layout and multiply are the subclass's. */
    private abstract static class PairKernel extends BaseKernel {
        PairKernel(String id, String description) {
            super(id, 4, false, description);
        }

        @Override
        public final boolean supports(Codes a, Codes w) {
            return w.equals(PairedRows.WEIGHTS) && !a.binary();
        }

        @Override
        public final Prepared prepare(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            requireSupport(ca, cw);
            Gemm.checkSizes(s, a, w);
            ca.check(a, "activations");
            cw.check(w, "weights");
            s.checkAccumulator(ca, cw);
            return prepareChecked(s, ca, a, w);
        }

        abstract Prepared prepareChecked(GemmShape s, Codes ca, int[] a, int[] w);
    }

    /** Activation codes plus their offset, row-major with stride k, rows padded with zeros to {@code rowsPadded}. */
    private static int[] offsetActivations(GemmShape s, int[] a, int offset, int rowsPadded) {
        int[] out = new int[rowsPadded * s.k()];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + offset;
        }
        return out;
    }

    /** Removes the offsets from row {@code m}'s packed sums (low fields for even columns, high for odd). */
    private static void correctRow(GemmShape s, int[] c, int m, int[] lo, int[] hi, int from, int aSum, int za,
            int[] rowSums) {
        int w8 = PairedRows.WEIGHT_OFFSET;
        int constant = w8 * za * s.k() - w8 * aSum;
        for (int j = 0; j < s.n(); j++) {
            int packed = (j & 1) == 0 ? lo[from + (j >> 1)] : hi[from + (j >> 1)];
            c[m * s.n() + j] = packed - za * rowSums[j] + constant;
        }
    }

    /** The packed loop in plain Java, one activation row at a time over all lanes. */
    static final GemmKernel SCALAR = new PairKernel("int4-packed2",
            "signed 4-bit weights, two rows per int lane (16-bit fields, offset +8) x broadcast activation "
                    + "(up to 8-bit, offset to unsigned); scalar, split every 65535/(15(2^b_a-1)) steps of k") {
        @Override
        Prepared prepareChecked(GemmShape s, Codes ca, int[] a, int[] w) {
            PairedRows pw = PairedRows.pack(s.n(), s.k(), w, 1);
            int za = PairedRows.activationOffset(ca);
            int interval = PairedRows.interval(ca);
            int[] ap = offsetActivations(s, a, za, s.m());
            int pairs = pw.pairs();
            int[] c = new int[s.m() * s.n()];
            int[] acc = new int[pairs];
            int[] lo = new int[pairs];
            int[] hi = new int[pairs];
            return new IntPrepared(c, s) {
                @Override
                public void run() {
                    int k = s.k();
                    int[] lanes = pw.lanes();
                    for (int m = 0; m < s.m(); m++) {
                        Arrays.fill(lo, 0);
                        Arrays.fill(hi, 0);
                        int aSum = 0;
                        for (int i0 = 0; i0 < k; i0 += interval) {
                            int i1 = Math.min(k, i0 + interval);
                            Arrays.fill(acc, 0);
                            for (int i = i0; i < i1; i++) {
                                int x = ap[m * k + i];
                                aSum += x;
                                int base = i * pairs;
                                for (int p = 0; p < pairs; p++) {
                                    acc[p] += x * lanes[base + p]; // both rows' products in one multiply
                                }
                            }
                            for (int p = 0; p < pairs; p++) {
                                lo[p] += PairedRows.low(acc[p]);
                                hi[p] += PairedRows.high(acc[p]);
                            }
                        }
                        correctRow(s, c, m, lo, hi, 0, aSum, za, pw.rowSums());
                    }
                }
            };
        }
    };

    /**
     * The Vector API version: a block of 4 activation rows x {@link #LANE_BLOCK} weight lanes (8 int vector
     * accumulators, each lane two output columns), one broadcast-multiply-add per activation row and weight
     * vector per step of k. Activation rows are padded to 4 and lanes to the block with zeros, so there are no
     * tails; accumulators are split into memory every interval and at the end of k.
     */
    static final GemmKernel SIMD = new PairKernel("int4-packed2-simd",
            "signed 4-bit weights, two rows per int lane (16-bit fields, offset +8) x broadcast activation "
                    + "(up to 8-bit, offset to unsigned); Java Vector API, 4 rows x 2 vectors of "
                    + INTS.vectorBitSize() + "-bit int lanes, split every 65535/(15(2^b_a-1)) steps of k") {
        @Override
        Prepared prepareChecked(GemmShape s, Codes ca, int[] a, int[] w) {
            PairedRows pw = PairedRows.pack(s.n(), s.k(), w, LANE_BLOCK);
            int za = PairedRows.activationOffset(ca);
            int interval = PairedRows.interval(ca);
            int rows = PaddedRows.roundUp(s.m(), PaddedRows.BLOCK);
            int[] ap = offsetActivations(s, a, za, rows);
            int pairs = pw.pairs();
            int[] c = new int[s.m() * s.n()];
            int[] lo = new int[PaddedRows.BLOCK * pairs];
            int[] hi = new int[PaddedRows.BLOCK * pairs];
            return new IntPrepared(c, s) {
                @Override
                public void run() {
                    int k = s.k();
                    int v = INTS.length();
                    int[] lanes = pw.lanes();
                    for (int m0 = 0; m0 < rows; m0 += PaddedRows.BLOCK) {
                        Arrays.fill(lo, 0);
                        Arrays.fill(hi, 0);
                        int a0 = m0 * k;
                        for (int p0 = 0; p0 < pairs; p0 += LANE_BLOCK) {
                            for (int i0 = 0; i0 < k; i0 += interval) {
                                int i1 = Math.min(k, i0 + interval);
                                // Named accumulators: an array of vectors would force C2 to box them.
                                IntVector c00 = IntVector.zero(INTS), c01 = c00, c10 = c00, c11 = c00;
                                IntVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                                for (int i = i0; i < i1; i++) {
                                    int wi = i * pairs + p0;
                                    IntVector y0 = IntVector.fromArray(INTS, lanes, wi);
                                    IntVector y1 = IntVector.fromArray(INTS, lanes, wi + v);
                                    IntVector x = IntVector.broadcast(INTS, ap[a0 + i]);
                                    c00 = y0.mul(x).add(c00);
                                    c01 = y1.mul(x).add(c01);
                                    x = IntVector.broadcast(INTS, ap[a0 + k + i]);
                                    c10 = y0.mul(x).add(c10);
                                    c11 = y1.mul(x).add(c11);
                                    x = IntVector.broadcast(INTS, ap[a0 + 2 * k + i]);
                                    c20 = y0.mul(x).add(c20);
                                    c21 = y1.mul(x).add(c21);
                                    x = IntVector.broadcast(INTS, ap[a0 + 3 * k + i]);
                                    c30 = y0.mul(x).add(c30);
                                    c31 = y1.mul(x).add(c31);
                                }
                                split(c00, p0);
                                split(c01, p0 + v);
                                split(c10, pairs + p0);
                                split(c11, pairs + p0 + v);
                                split(c20, 2 * pairs + p0);
                                split(c21, 2 * pairs + p0 + v);
                                split(c30, 3 * pairs + p0);
                                split(c31, 3 * pairs + p0 + v);
                            }
                        }
                        for (int r = 0; r < PaddedRows.BLOCK && m0 + r < s.m(); r++) {
                            int aSum = 0;
                            for (int i = 0; i < k; i++) {
                                aSum += ap[a0 + r * k + i];
                            }
                            correctRow(s, c, m0 + r, lo, hi, r * pairs, aSum, za, pw.rowSums());
                        }
                    }
                }

                /** Adds an accumulator's two fields to the low and high sums at {@code offset}. */
                private void split(IntVector acc, int offset) {
                    IntVector.fromArray(INTS, lo, offset).add(acc.and(PairedRows.FIELD_MASK)).intoArray(lo, offset);
                    IntVector.fromArray(INTS, hi, offset)
                            .add(acc.lanewise(VectorOperators.LSHR, PairedRows.FIELD_BITS)).intoArray(hi, offset);
                }
            };
        }
    };
}
