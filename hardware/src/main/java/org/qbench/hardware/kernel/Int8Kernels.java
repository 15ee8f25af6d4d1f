package org.qbench.hardware.kernel;

import static jdk.incubator.vector.VectorOperators.ADD;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * 8-bit GEMM on one byte per code: {@link #SCALAR}, the plain reference loop, and {@link #SIMD}, the Java
 * Vector API version (bytes widened to 32-bit lanes, multiplied and added in 4x4 register blocks; Java 17's
 * API has no byte dot-product operation, so VNNI's {@code vpdpbusd} is out of reach).
 */
final class Int8Kernels {

    private Int8Kernels() {}

    /** The int lanes: the widest the machine prefers, at least 256 bits (a quarter of it must hold 8 bytes). */
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED.vectorBitSize() >= 256
            ? IntVector.SPECIES_PREFERRED : IntVector.SPECIES_256;
    /** As many bytes as {@link #INTS} has lanes: one widening conversion fills an int vector. */
    private static final VectorSpecies<Byte> QUARTER =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.vectorBitSize() / 4));

    /** Operands as bytes holding each code's 8-bit pattern (row stride k), plus how to read them back. */
    private record Operands(GemmShape shape, byte[] a, boolean aSigned, byte[] w, boolean wSigned, int[] c) {

        static Operands of(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            check(s, ca, a, cw, w);
            return new Operands(s, PaddedRows.bytes(a, s.m(), s.k(), s.k()), ca.signed(),
                    PaddedRows.bytes(w, s.n(), s.k(), s.k()), cw.signed(), new int[s.m() * s.n()]);
        }

        /** Sizes, code ranges and the accumulator bound, as every 8-bit kernel needs them. */
        static void check(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            Gemm.checkSizes(s, a, w);
            ca.check(a, "activations");
            cw.check(w, "weights");
            s.checkAccumulator(ca, cw);
        }

        /** {@code sum_i a[m][i] w[n][i]}, each byte read back by its signedness. */
        int dot(int m, int n) {
            int k = shape.k();
            int aMask = aSigned ? -1 : 0xFF;
            int wMask = wSigned ? -1 : 0xFF;
            int sum = 0;
            for (int i = 0; i < k; i++) {
                sum += (a[m * k + i] & aMask) * (w[n * k + i] & wMask);
            }
            return sum;
        }
    }

    private static boolean upTo8Bits(Codes a, Codes w) {
        return !a.binary() && !w.binary();
    }

    /** The scalar reference: one multiply-add per code pair, int accumulators. */
    static final GemmKernel SCALAR = new BaseKernel("int8-scalar", 8, true,
            "8-bit codes, one byte each; scalar triple loop, int32 accumulators") {
        @Override
        public boolean supports(Codes a, Codes w) {
            return upTo8Bits(a, w);
        }

        @Override
        public Prepared prepare(GemmShape shape, Codes ca, int[] a, Codes cw, int[] w) {
            Operands o = Operands.of(shape, ca, a, cw, w);
            return new IntPrepared(o.c(), shape) {
                @Override
                public void run() {
                    for (int m = 0; m < shape.m(); m++) {
                        for (int n = 0; n < shape.n(); n++) {
                            o.c()[m * shape.n() + n] = o.dot(m, n);
                        }
                    }
                }
            };
        }
    };

    /**
     * The Vector API version, register-blocked: 4 activation rows against 4 weight rows, 16 int32 accumulators.
     * Each step sign-extends a quarter-width byte vector of each row to int32 lanes (one {@code vpmovsxbd} on
     * x86), masks unsigned codes back to 0..255, multiplies and adds. Operands are padded with zeros (see
     * {@link PaddedRows}), so there are no tails.
     */
    static final GemmKernel SIMD = new BaseKernel("int8-simd", 8, false,
            "8-bit codes, one byte each; Java Vector API, 4x4 register blocks of " + INTS.vectorBitSize()
                    + "-bit int32 lanes (bytes sign-extended, masked if unsigned)") {
        @Override
        public boolean supports(Codes a, Codes w) {
            return upTo8Bits(a, w);
        }

        @Override
        public Prepared prepare(GemmShape shape, Codes ca, int[] a, Codes cw, int[] w) {
            requireSupport(ca, cw);
            Operands.check(shape, ca, a, cw, w);
            int kp = PaddedRows.roundUp(shape.k(), INTS.length());
            byte[] ap = PaddedRows.bytes(a, shape.m(), shape.k(), kp);
            byte[] wp = PaddedRows.bytes(w, shape.n(), shape.k(), kp);
            int aMask = ca.signed() ? -1 : 0xFF;
            int wMask = cw.signed() ? -1 : 0xFF;
            int[] c = new int[shape.m() * shape.n()];
            return new IntPrepared(c, shape) {
                @Override
                public void run() {
                    IntVector am = IntVector.broadcast(INTS, aMask);
                    IntVector wm = IntVector.broadcast(INTS, wMask);
                    int step = INTS.length();
                    for (int m0 = 0; m0 < shape.m(); m0 += PaddedRows.BLOCK) {
                        int a0 = m0 * kp;
                        for (int n0 = 0; n0 < shape.n(); n0 += PaddedRows.BLOCK) {
                            int w0 = n0 * kp;
                            // Sixteen named accumulators: an array of vectors would force C2 to box them.
                            IntVector c00 = IntVector.zero(INTS), c01 = c00, c02 = c00, c03 = c00;
                            IntVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
                            IntVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
                            IntVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
                            for (int i = 0; i < kp; i += step) {
                                IntVector x0 = widen(ap, a0 + i, am);
                                IntVector x1 = widen(ap, a0 + kp + i, am);
                                IntVector x2 = widen(ap, a0 + 2 * kp + i, am);
                                IntVector x3 = widen(ap, a0 + 3 * kp + i, am);
                                IntVector y = widen(wp, w0 + i, wm);
                                c00 = x0.mul(y).add(c00);
                                c10 = x1.mul(y).add(c10);
                                c20 = x2.mul(y).add(c20);
                                c30 = x3.mul(y).add(c30);
                                y = widen(wp, w0 + kp + i, wm);
                                c01 = x0.mul(y).add(c01);
                                c11 = x1.mul(y).add(c11);
                                c21 = x2.mul(y).add(c21);
                                c31 = x3.mul(y).add(c31);
                                y = widen(wp, w0 + 2 * kp + i, wm);
                                c02 = x0.mul(y).add(c02);
                                c12 = x1.mul(y).add(c12);
                                c22 = x2.mul(y).add(c22);
                                c32 = x3.mul(y).add(c32);
                                y = widen(wp, w0 + 3 * kp + i, wm);
                                c03 = x0.mul(y).add(c03);
                                c13 = x1.mul(y).add(c13);
                                c23 = x2.mul(y).add(c23);
                                c33 = x3.mul(y).add(c33);
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
                private void put(int m, int n0, int v0, int v1, int v2, int v3) {
                    if (m >= shape.m()) {
                        return;
                    }
                    int row = m * shape.n();
                    int valid = Math.min(PaddedRows.BLOCK, shape.n() - n0);
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

    /** One int vector of codes from {@code bytes[offset..]}: sign-extended, then masked (0xFF for unsigned codes, -1 for signed). */
    private static IntVector widen(byte[] bytes, int offset, IntVector mask) {
        return ((IntVector) ByteVector.fromArray(QUARTER, bytes, offset).convertShape(VectorOperators.B2I, INTS, 0)).and(mask);
    }
}
