package org.qbench.hardware.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The floating-point baselines on the same shapes: {@link #SCALAR}, the plain Java triple loop, and
 * {@link #SIMD}, the Vector API with fused multiply-add over four weight rows at once. Codes are converted to
 * floats in {@code prepare}; sums of codes stay exact below 2^24, which the tests rely on.
 */
final class Fp32Kernels {

    private Fp32Kernels() {}

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private static float[] floats(int[] codes) {
        float[] f = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            f[i] = codes[i];
        }
        return f;
    }

    /** A prepared float GEMM whose result is a row-major float array. */
    private abstract static class FloatPrepared implements GemmKernel.Prepared {
        final float[] a;
        final float[] w;
        final float[] c;
        final GemmShape s;

        FloatPrepared(GemmShape s, int[] a, int[] w) {
            Gemm.checkSizes(s, a, w);
            this.s = s;
            this.a = floats(a);
            this.w = floats(w);
            this.c = new float[s.m() * s.n()];
        }

        @Override
        public long output(int m, int n) {
            return (long) c[m * s.n() + n];
        }

        /**
         * {@code sum + sum_{i in [from, to)} a[m][i] w[n][i]}, added in order: the scalar loop (from 0), and the
         * vector kernel's tail (from its reduced lanes).
         */
        float dot(float sum, int m, int n, int from, int to) {
            int k = s.k();
            for (int i = from; i < to; i++) {
                sum += a[m * k + i] * w[n * k + i];
            }
            return sum;
        }
    }

    private abstract static class Fp32Kernel extends BaseKernel {
        Fp32Kernel(String id, boolean reference, String description) {
            super(id, 32, reference, description);
        }

        @Override
        public boolean supports(Codes a, Codes w) {
            return true;
        }
    }

    /** The plain Java loop: the FP32 GEMM a user would write first. */
    static final GemmKernel SCALAR = new Fp32Kernel("fp32-java", true,
            "float32; scalar Java triple loop (C2 does not vectorize a float reduction: its order is fixed)") {
        @Override
        public Prepared prepare(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            return new FloatPrepared(s, a, w) {
                @Override
                public void run() {
                    for (int m = 0; m < s.m(); m++) {
                        for (int n = 0; n < s.n(); n++) {
                            c[m * s.n() + n] = dot(0, m, n, 0, s.k());
                        }
                    }
                }
            };
        }
    };

    /** Vector API FMA, one activation vector against four weight rows per step. */
    static final GemmKernel SIMD = new Fp32Kernel("fp32-java-simd", false,
            "float32; Java Vector API (" + FLOATS.vectorBitSize() + "-bit) fused multiply-add, 4 weight rows per step") {
        @Override
        public Prepared prepare(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            return new FloatPrepared(s, a, w) {
                @Override
                public void run() {
                    int k = s.k();
                    int vectorEnd = k - k % FLOATS.length();
                    int n0 = 0;
                    for (; n0 + 4 <= s.n(); n0 += 4) {
                        for (int m = 0; m < s.m(); m++) {
                            FloatVector s0 = FloatVector.zero(FLOATS);
                            FloatVector s1 = FloatVector.zero(FLOATS);
                            FloatVector s2 = FloatVector.zero(FLOATS);
                            FloatVector s3 = FloatVector.zero(FLOATS);
                            for (int i = 0; i < vectorEnd; i += FLOATS.length()) {
                                FloatVector va = FloatVector.fromArray(FLOATS, a, m * k + i);
                                s0 = va.fma(FloatVector.fromArray(FLOATS, w, n0 * k + i), s0);
                                s1 = va.fma(FloatVector.fromArray(FLOATS, w, (n0 + 1) * k + i), s1);
                                s2 = va.fma(FloatVector.fromArray(FLOATS, w, (n0 + 2) * k + i), s2);
                                s3 = va.fma(FloatVector.fromArray(FLOATS, w, (n0 + 3) * k + i), s3);
                            }
                            FloatVector[] sums = {s0, s1, s2, s3};
                            for (int j = 0; j < 4; j++) {
                                c[m * s.n() + n0 + j] = dot(sums[j].reduceLanes(VectorOperators.ADD), m, n0 + j, vectorEnd, k);
                            }
                        }
                    }
                    for (int n = n0; n < s.n(); n++) {
                        for (int m = 0; m < s.m(); m++) {
                            FloatVector acc = FloatVector.zero(FLOATS);
                            for (int i = 0; i < vectorEnd; i += FLOATS.length()) {
                                acc = FloatVector.fromArray(FLOATS, a, m * k + i).fma(FloatVector.fromArray(FLOATS, w, n * k + i), acc);
                            }
                            c[m * s.n() + n] = dot(acc.reduceLanes(VectorOperators.ADD), m, n, vectorEnd, k);
                        }
                    }
                }
            };
        }
    };
}
