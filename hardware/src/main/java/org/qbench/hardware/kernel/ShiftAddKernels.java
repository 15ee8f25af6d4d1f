package org.qbench.hardware.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention's {@code P V} with {@code P} in {@code {0, 2^-k}} (see {@link ShiftAddShape}): {@link #SCALAR}, the
 * plain reference, {@link #SIMD}, the fast shift-add version, and {@link #FP32}, the same product in floats
 * (the baseline a float model runs). The integer kernels have no multiplies: {@code 2^-k v} on the scale
 * {@code 2^-F} is {@code v << (F - k)}.
 */
final class ShiftAddKernels {

    private ShiftAddKernels() {}

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    /** Vectors of output columns held in registers at once: 4 x 16 int lanes cover a ViT head (d = 64) on AVX-512. */
    private static final int COLUMN_VECTORS = 4;

    private abstract static class Kernel implements AttentionKernel {
        private final String id;
        private final String description;
        private final boolean reference;
        private final boolean exact;

        Kernel(String id, boolean reference, boolean exact, String description) {
            this.id = id;
            this.reference = reference;
            this.exact = exact;
            this.description = description;
        }

        @Override
        public final String id() {
            return id;
        }

        @Override
        public final String description() {
            return description;
        }

        @Override
        public final boolean reference() {
            return reference;
        }

        @Override
        public final boolean exact() {
            return exact;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** {@code rows x cols} ints padded to rows of {@code stride}, the padding zero. */
    private static int[] padded(int[] x, int rows, int cols, int stride) {
        int[] out = new int[rows * stride];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * cols, out, r * stride, cols);
        }
        return out;
    }

    /** The reference: for each output, one long sum of shifted values, zero probabilities skipped. */
    static final AttentionKernel SCALAR = new Kernel("attn-shiftadd-scalar", true, true,
            "log2 P x int V; scalar triple loop, v << (F - k) per term, int64 sums stored as int32") {
        @Override
        public Prepared prepare(ShiftAddShape s, int[] exponents, int[] values) {
            s.check(exponents, values);
            int[] p = exponents.clone();
            int[] v = values.clone();
            int[] o = new int[s.n() * s.d()];
            int f = s.fractionBits();
            return new Prepared() {
                @Override
                public void run() {
                    for (int i = 0; i < s.n(); i++) {
                        for (int j = 0; j < s.d(); j++) {
                            long sum = 0;
                            for (int t = 0; t < s.m(); t++) {
                                int k = p[i * s.m() + t];
                                if (k != ShiftAddShape.ZERO) {
                                    sum += (long) v[t * s.d() + j] << (f - k);
                                }
                            }
                            o[i * s.d() + j] = (int) sum; // exact: the shape's bound keeps |sum| < 2^31
                        }
                    }
                }

                @Override
                public double output(int i, int j) {
                    return o[i * s.d() + j];
                }
            };
        }
    };

    /**
     * The fast version: terms grouped by exponent, then Horner's rule over the exponents. Per output row, one
     * branchless pass drops each key's V row offset into the bucket of its exponent (zeros into a bucket never
     * read); then, for each block of output columns held in int32 vector registers, {@code O = (..((S_lo * 2 +
     * S_lo+1) * 2 + ..) * 2 + S_F}, {@code S_k} the sum of the V rows with exponent {@code k}. A term costs one
     * vector load and one add; the shifts are at most {@code 2^b} per row and block, not one per term, and are
     * doublings {@code a + a}. Grouping won over a per-term broadcast shift, {@code acc += v << (F - k)} with
     * {@code lanewise(LSHL, ..)}, which took 1.1 ms on a 197x197x64 head where this takes 0.14 ms (JDK 17,
     * AVX-512). V is kept as int32 rows padded to whole vectors.
     */
    static final AttentionKernel SIMD = new Kernel("attn-shiftadd-simd", false, true,
            "log2 P x int V; keys bucketed by exponent, Horner doubling, Java Vector API adds ("
                    + INTS.vectorBitSize() + "-bit int32 lanes, " + COLUMN_VECTORS
                    + " vectors of columns in registers)") {
        @Override
        public Prepared prepare(ShiftAddShape s, int[] exponents, int[] values) {
            s.check(exponents, values);
            int n = s.n();
            int m = s.m();
            int f = s.fractionBits();
            int dp = PaddedRows.roundUp(s.d(), INTS.length());
            // Exponents as bucket numbers: k for 2^-k, f + 1 for ZERO (a bucket never read, so no branch).
            byte[] e = new byte[n * m];
            for (int i = 0; i < e.length; i++) {
                e[i] = (byte) (exponents[i] == ShiftAddShape.ZERO ? f + 1 : exponents[i]);
            }
            int[] v = padded(values, m, s.d(), dp);
            int[] o = new int[n * dp];
            int[] bucket = new int[(f + 2) * m]; // bucket k holds the V row offsets of the terms with exponent k
            int[] count = new int[f + 2];
            return new Prepared() {
                @Override
                public void run() {
                    int lanes = INTS.length();
                    int wide = COLUMN_VECTORS * lanes;
                    for (int i = 0; i < n; i++) {
                        Arrays.fill(count, 0);
                        int row = i * m;
                        for (int t = 0; t < m; t++) {
                            int k = e[row + t];
                            bucket[k * m + count[k]++] = t * dp;
                        }
                        int lo = 0;
                        while (lo <= f && count[lo] == 0) {
                            lo++;
                        }
                        int out = i * dp;
                        if (lo > f) { // all probabilities zero
                            Arrays.fill(o, out, out + dp, 0);
                            continue;
                        }
                        int j = 0;
                        for (; j + wide <= dp; j += wide) {
                            // Four named accumulators: an array of vectors would force C2 to box them.
                            IntVector a0 = IntVector.zero(INTS), a1 = a0, a2 = a0, a3 = a0;
                            for (int k = lo; k <= f; k++) {
                                a0 = a0.add(a0);
                                a1 = a1.add(a1);
                                a2 = a2.add(a2);
                                a3 = a3.add(a3);
                                for (int q = k * m, end = q + count[k]; q < end; q++) {
                                    int base = bucket[q] + j;
                                    a0 = a0.add(IntVector.fromArray(INTS, v, base));
                                    a1 = a1.add(IntVector.fromArray(INTS, v, base + lanes));
                                    a2 = a2.add(IntVector.fromArray(INTS, v, base + 2 * lanes));
                                    a3 = a3.add(IntVector.fromArray(INTS, v, base + 3 * lanes));
                                }
                            }
                            a0.intoArray(o, out + j);
                            a1.intoArray(o, out + j + lanes);
                            a2.intoArray(o, out + j + 2 * lanes);
                            a3.intoArray(o, out + j + 3 * lanes);
                        }
                        for (; j < dp; j += lanes) {
                            IntVector a = IntVector.zero(INTS);
                            for (int k = lo; k <= f; k++) {
                                a = a.add(a);
                                for (int q = k * m, end = q + count[k]; q < end; q++) {
                                    a = a.add(IntVector.fromArray(INTS, v, bucket[q] + j));
                                }
                            }
                            a.intoArray(o, out + j);
                        }
                    }
                }

                @Override
                public double output(int i, int j) {
                    return o[i * dp + j];
                }
            };
        }
    };

    /**
     * The float baseline: {@code P} as the floats {@code 2^-k} (0 for {@link ShiftAddShape#ZERO}), V as floats,
     * a dense broadcast fused multiply-add over the output columns with the Vector API, blocked like {@link
     * #SIMD}. Zeros are multiplied, not skipped, as a float model's attention would. Float sums round once
     * they need more than 24 bits.
     */
    static final AttentionKernel FP32 = new Kernel("attn-fp32-simd", false, false,
            "float32 P x float32 V; Java Vector API (" + FLOATS.vectorBitSize()
                    + "-bit) broadcast fused multiply-add, " + COLUMN_VECTORS + " vectors of columns in registers") {
        @Override
        public Prepared prepare(ShiftAddShape s, int[] exponents, int[] values) {
            s.check(exponents, values);
            int n = s.n();
            int m = s.m();
            int dp = PaddedRows.roundUp(s.d(), FLOATS.length());
            float[] p = new float[n * m];
            for (int i = 0; i < p.length; i++) {
                p[i] = exponents[i] == ShiftAddShape.ZERO ? 0f : Math.scalb(1f, -exponents[i]);
            }
            float[] v = new float[m * dp];
            for (int t = 0; t < m; t++) {
                for (int j = 0; j < s.d(); j++) {
                    v[t * dp + j] = values[t * s.d() + j];
                }
            }
            float[] o = new float[n * dp];
            float scale = Math.scalb(1f, s.fractionBits());
            return new Prepared() {
                @Override
                public void run() {
                    int lanes = FLOATS.length();
                    int wide = COLUMN_VECTORS * lanes;
                    for (int i = 0; i < n; i++) {
                        int row = i * m;
                        int out = i * dp;
                        int j = 0;
                        for (; j + wide <= dp; j += wide) {
                            FloatVector a0 = FloatVector.zero(FLOATS), a1 = a0, a2 = a0, a3 = a0;
                            for (int t = 0; t < m; t++) {
                                FloatVector w = FloatVector.broadcast(FLOATS, p[row + t]);
                                int base = t * dp + j;
                                a0 = FloatVector.fromArray(FLOATS, v, base).fma(w, a0);
                                a1 = FloatVector.fromArray(FLOATS, v, base + lanes).fma(w, a1);
                                a2 = FloatVector.fromArray(FLOATS, v, base + 2 * lanes).fma(w, a2);
                                a3 = FloatVector.fromArray(FLOATS, v, base + 3 * lanes).fma(w, a3);
                            }
                            a0.intoArray(o, out + j);
                            a1.intoArray(o, out + j + lanes);
                            a2.intoArray(o, out + j + 2 * lanes);
                            a3.intoArray(o, out + j + 3 * lanes);
                        }
                        for (; j < dp; j += lanes) {
                            FloatVector a = FloatVector.zero(FLOATS);
                            for (int t = 0; t < m; t++) {
                                FloatVector w = FloatVector.broadcast(FLOATS, p[row + t]);
                                a = FloatVector.fromArray(FLOATS, v, t * dp + j).fma(w, a);
                            }
                            a.intoArray(o, out + j);
                        }
                    }
                }

                @Override
                public double output(int i, int j) {
                    return (double) o[i * dp + j] * scale;
                }
            };
        }
    };
}
