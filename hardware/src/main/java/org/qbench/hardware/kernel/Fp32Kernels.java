package org.qbench.hardware.kernel;

import static jdk.incubator.vector.VectorOperators.ADD;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The floating-point baselines on the same shapes: {@link #SCALAR}, the plain Java triple loop, and
 * {@link #SIMD}, the Vector API with fused multiply-add in 4x4 register blocks. Codes are converted to
 * floats in {@code prepare}; sums of codes stay exact below 2^24, which the tests rely on.
 */
final class Fp32Kernels {

    private Fp32Kernels() {}

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    /**
     * A prepared float GEMM: operands as floats in the {@link PaddedRows} layout with row stride {@code kp}, the
     * result a row-major float array.
     */
    private abstract static class FloatPrepared implements GemmKernel.Prepared {
        final float[] a;
        final float[] w;
        final float[] c;
        final GemmShape s;
        final int kp;

        FloatPrepared(GemmShape s, int[] a, int[] w, int kp) {
            Gemm.checkSizes(s, a, w);
            this.s = s;
            this.kp = kp;
            this.a = PaddedRows.floats(a, s.m(), s.k(), kp);
            this.w = PaddedRows.floats(w, s.n(), s.k(), kp);
            this.c = new float[s.m() * s.n()];
        }

        @Override
        public long output(int m, int n) {
            return (long) c[m * s.n() + n];
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
            return new FloatPrepared(s, a, w, s.k()) {
                @Override
                public void run() {
                    for (int m = 0; m < s.m(); m++) {
                        for (int n = 0; n < s.n(); n++) {
                            float sum = 0;
                            for (int i = 0; i < s.k(); i++) {
                                sum += a[m * kp + i] * w[n * kp + i];
                            }
                            c[m * s.n() + n] = sum;
                        }
                    }
                }
            };
        }
    };

    /**
     * Vector API fused multiply-add, register-blocked like {@code int8-simd}: 4 activation rows against 4 weight
     * rows, 16 accumulators, operands padded with zeros (see {@link PaddedRows}). The loop is written out again
     * rather than shared: code generic over the vector type would pass vectors through calls C2 may not inline,
     * and JDK 17 boxes vectors there.
     */
    static final GemmKernel SIMD = new Fp32Kernel("fp32-java-simd", false,
            "float32; Java Vector API (" + FLOATS.vectorBitSize() + "-bit) fused multiply-add, 4x4 register blocks") {
        @Override
        public Prepared prepare(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            return new FloatPrepared(s, a, w, PaddedRows.roundUp(s.k(), FLOATS.length())) {
                @Override
                public void run() {
                    int step = FLOATS.length();
                    for (int m0 = 0; m0 < s.m(); m0 += PaddedRows.BLOCK) {
                        int a0 = m0 * kp;
                        for (int n0 = 0; n0 < s.n(); n0 += PaddedRows.BLOCK) {
                            int w0 = n0 * kp;
                            // Sixteen named accumulators: an array of vectors would force C2 to box them.
                            FloatVector c00 = FloatVector.zero(FLOATS), c01 = c00, c02 = c00, c03 = c00;
                            FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
                            FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
                            FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
                            for (int i = 0; i < kp; i += step) {
                                FloatVector x0 = FloatVector.fromArray(FLOATS, a, a0 + i);
                                FloatVector x1 = FloatVector.fromArray(FLOATS, a, a0 + kp + i);
                                FloatVector x2 = FloatVector.fromArray(FLOATS, a, a0 + 2 * kp + i);
                                FloatVector x3 = FloatVector.fromArray(FLOATS, a, a0 + 3 * kp + i);
                                FloatVector y = FloatVector.fromArray(FLOATS, w, w0 + i);
                                c00 = x0.fma(y, c00);
                                c10 = x1.fma(y, c10);
                                c20 = x2.fma(y, c20);
                                c30 = x3.fma(y, c30);
                                y = FloatVector.fromArray(FLOATS, w, w0 + kp + i);
                                c01 = x0.fma(y, c01);
                                c11 = x1.fma(y, c11);
                                c21 = x2.fma(y, c21);
                                c31 = x3.fma(y, c31);
                                y = FloatVector.fromArray(FLOATS, w, w0 + 2 * kp + i);
                                c02 = x0.fma(y, c02);
                                c12 = x1.fma(y, c12);
                                c22 = x2.fma(y, c22);
                                c32 = x3.fma(y, c32);
                                y = FloatVector.fromArray(FLOATS, w, w0 + 3 * kp + i);
                                c03 = x0.fma(y, c03);
                                c13 = x1.fma(y, c13);
                                c23 = x2.fma(y, c23);
                                c33 = x3.fma(y, c33);
                            }
                            put(m0, n0, c00.reduceLanes(ADD), c01.reduceLanes(ADD), c02.reduceLanes(ADD), c03.reduceLanes(ADD));
                            put(m0 + 1, n0, c10.reduceLanes(ADD), c11.reduceLanes(ADD), c12.reduceLanes(ADD), c13.reduceLanes(ADD));
                            put(m0 + 2, n0, c20.reduceLanes(ADD), c21.reduceLanes(ADD), c22.reduceLanes(ADD), c23.reduceLanes(ADD));
                            put(m0 + 3, n0, c30.reduceLanes(ADD), c31.reduceLanes(ADD), c32.reduceLanes(ADD), c33.reduceLanes(ADD));
                        }
                    }
                }

                /**
                 * Stores one block row's sums, dropping padded rows and columns. It takes scalars, not vectors: a
                 * vector passed to a call C2 does not inline is boxed, once per block.
                 */
                private void put(int m, int n0, float v0, float v1, float v2, float v3) {
                    if (m >= s.m()) {
                        return;
                    }
                    int row = m * s.n();
                    int valid = Math.min(PaddedRows.BLOCK, s.n() - n0);
                    c[row + n0] = v0;
                    if (valid > 1) {
                        c[row + n0 + 1] = v1;
                    }
                    if (valid > 2) {
                        c[row + n0 + 2] = v2;
                    }
                    if (valid > 3) {
                        c[row + n0 + 3] = v3;
                    }
                }
            };
        }
    };
}
