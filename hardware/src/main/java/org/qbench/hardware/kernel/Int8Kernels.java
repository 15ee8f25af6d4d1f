package org.qbench.hardware.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 8-bit GEMM on one byte per code: {@link #SCALAR}, the plain reference loop, and {@link #SIMD}, the Java
 * Vector API version (bytes widened to 16-bit lanes, multiplied, widened again and summed in 32-bit lanes;
 * Java 17's API has no byte dot-product operation, so VNNI's {@code vpdpbusd} is out of reach).
 */
final class Int8Kernels {

    private Int8Kernels() {}

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

    /** Operands as bytes holding each code's 8-bit pattern, plus how to read them back. */
    private record Operands(GemmShape shape, byte[] a, boolean aSigned, byte[] w, boolean wSigned, int[] c) {

        static Operands of(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            Gemm.checkSizes(s, a, w);
            ca.check(a, "activations");
            cw.check(w, "weights");
            s.checkAccumulator(ca, cw);
            return new Operands(s, bytes(a), ca.signed(), bytes(w), cw.signed(), new int[s.m() * s.n()]);
        }

        /**
         * {@code sum_{i in [from, to)} a[m][i] w[n][i]}, each byte read back by its signedness: the scalar
         * loop, and the vector kernel's tail.
         */
        int dot(int m, int n, int from, int to) {
            int k = shape.k();
            int aMask = aSigned ? -1 : 0xFF;
            int wMask = wSigned ? -1 : 0xFF;
            int sum = 0;
            for (int i = from; i < to; i++) {
                sum += (a[m * k + i] & aMask) * (w[n * k + i] & wMask);
            }
            return sum;
        }

        private static byte[] bytes(int[] codes) {
            byte[] b = new byte[codes.length];
            for (int i = 0; i < codes.length; i++) {
                b[i] = (byte) codes[i];
            }
            return b;
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
                            o.c()[m * shape.n() + n] = o.dot(m, n, 0, shape.k());
                        }
                    }
                }
            };
        }
    };

    /**
     * The Vector API version: per step one byte vector of activations against four weight rows, widened to
     * shorts (zero- or sign-extended by signedness), multiplied (|product| &lt;= 255 * 128 fits 16 bits), widened
     * to ints and accumulated; a scalar tail covers k mod the vector length.
     */
    static final GemmKernel SIMD = new BaseKernel("int8-simd", 8, false,
            "8-bit codes, one byte each; Java Vector API (" + BYTES.vectorBitSize() + "-bit), 16-bit products, int32 lanes") {
        @Override
        public boolean supports(Codes a, Codes w) {
            // two unsigned 8-bit codes multiply to 65025, which does not fit a 16-bit lane
            return upTo8Bits(a, w) && (a.signed() || w.signed() || a.bits() < 8 || w.bits() < 8);
        }

        @Override
        public Prepared prepare(GemmShape shape, Codes ca, int[] a, Codes cw, int[] w) {
            requireSupport(ca, cw);
            Operands o = Operands.of(shape, ca, a, cw, w);
            // JDK 17's ZERO_EXTEND_B2S fails at run time ("cannot be represented in ETYPE short"), so unsigned
            // bytes are sign-extended and masked back to 0..255 instead
            short aMaskShort = o.aSigned() ? (short) -1 : (short) 0xFF;
            short wMaskShort = o.wSigned() ? (short) -1 : (short) 0xFF;
            return new IntPrepared(o.c(), shape) {
                @Override
                public void run() {
                    int k = shape.k();
                    int vectorEnd = k - k % BYTES.length();
                    int n0 = 0;
                    for (; n0 + 4 <= shape.n(); n0 += 4) {
                        for (int m = 0; m < shape.m(); m++) {
                            IntVector s0 = IntVector.zero(INTS);
                            IntVector s1 = IntVector.zero(INTS);
                            IntVector s2 = IntVector.zero(INTS);
                            IntVector s3 = IntVector.zero(INTS);
                            for (int i = 0; i < vectorEnd; i += BYTES.length()) {
                                ByteVector va = ByteVector.fromArray(BYTES, o.a(), m * k + i);
                                for (int part = 0; part < 2; part++) {
                                    ShortVector xa = widen(va, part, aMaskShort);
                                    s0 = s0.add(product(xa, o.w(), n0 * k + i, wMaskShort, part));
                                    s1 = s1.add(product(xa, o.w(), (n0 + 1) * k + i, wMaskShort, part));
                                    s2 = s2.add(product(xa, o.w(), (n0 + 2) * k + i, wMaskShort, part));
                                    s3 = s3.add(product(xa, o.w(), (n0 + 3) * k + i, wMaskShort, part));
                                }
                            }
                            IntVector[] sums = {s0, s1, s2, s3};
                            for (int j = 0; j < 4; j++) {
                                o.c()[m * shape.n() + n0 + j] = sums[j].reduceLanes(VectorOperators.ADD) + o.dot(m, n0 + j, vectorEnd, k);
                            }
                        }
                    }
                    for (int n = n0; n < shape.n(); n++) { // the last n mod 4 weight rows
                        for (int m = 0; m < shape.m(); m++) {
                            IntVector s = IntVector.zero(INTS);
                            for (int i = 0; i < vectorEnd; i += BYTES.length()) {
                                ByteVector va = ByteVector.fromArray(BYTES, o.a(), m * k + i);
                                for (int part = 0; part < 2; part++) {
                                    s = s.add(product(widen(va, part, aMaskShort), o.w(), n * k + i, wMaskShort, part));
                                }
                            }
                            o.c()[m * shape.n() + n] = s.reduceLanes(VectorOperators.ADD) + o.dot(m, n, vectorEnd, k);
                        }
                    }
                }
            };
        }
    };

    /** Half {@code part} of a byte vector as shorts: sign-extended, then masked (0xFF for unsigned codes, -1 for signed). */
    private static ShortVector widen(ByteVector v, int part, short mask) {
        ShortVector x = (ShortVector) v.convertShape(VectorOperators.B2S, SHORTS, part);
        return mask == -1 ? x : x.and(mask);
    }

    /** Half {@code part} of the products of {@code xa} with the weight bytes at {@code offset}, as two int vectors summed. */
    private static IntVector product(ShortVector xa, byte[] w, int offset, short wMask, int part) {
        ShortVector xw = widen(ByteVector.fromArray(BYTES, w, offset), part, wMask);
        ShortVector p = xa.mul(xw);
        return ((IntVector) p.convertShape(VectorOperators.S2I, INTS, 0)).add((IntVector) p.convertShape(VectorOperators.S2I, INTS, 1));
    }
}
