package org.qbench.hardware.kernel;

/**
 * GEMM on codes narrower than a byte, several per 64-bit word. For 2 and 4 bits: {@link #scalar} decodes
 * every code from its packed row (the reference), {@link #bitSerial} multiplies bit planes with AND and
 * popcount. For 1 bit (binary, {-1, +1}): {@link #BINARY_SCALAR} decodes each bit, {@link #BINARY_XNOR}
 * uses {@code a.w = k - 2 popcount(a XOR w)}, 64 products per instruction pair.
 */
final class PackedKernels {

    private PackedKernels() {}

    /** A packed kernel: support, size and accumulator checks shared, the layout and multiply its own. */
    private abstract static class PackedKernel extends BaseKernel {
        PackedKernel(String id, int bits, boolean reference, String description) {
            super(id, bits, reference, description);
        }

        @Override
        public final Prepared prepare(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            requireSupport(ca, cw);
            Gemm.checkSizes(s, a, w);
            s.checkAccumulator(ca, cw);
            return prepareChecked(s, ca, a, cw, w);
        }

        /** Lays out operands already checked. */
        abstract Prepared prepareChecked(GemmShape s, Codes ca, int[] a, Codes cw, int[] w);
    }

    /** A kernel for 2- or 4-bit codes on both sides. */
    private abstract static class NarrowKernel extends PackedKernel {
        NarrowKernel(String id, int bits, boolean reference, String description) {
            super(id, bits, reference, description);
        }

        @Override
        public boolean supports(Codes a, Codes w) {
            return a.bits() == bits() && w.bits() == bits() && !a.binary() && !w.binary();
        }
    }

    /** The scalar reference on packed rows of {@code bits}-bit codes (2 or 4): decode, multiply, add. */
    static GemmKernel scalar(int bits) {
        return new NarrowKernel("int" + bits + "-scalar", bits, true,
                bits + "-bit codes, " + 64 / bits + " per 64-bit word; scalar decode-multiply-add, int32 accumulators") {
            @Override
            Prepared prepareChecked(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
                return decodingLoop(s, PackedRows.pack(ca, s.m(), s.k(), a), PackedRows.pack(cw, s.n(), s.k(), w));
            }
        };
    }

    /** The bit-serial kernel for {@code bits}-bit codes (2 or 4): b_a x b_w AND+popcount per 64 codes. */
    static GemmKernel bitSerial(int bits) {
        return new NarrowKernel("int" + bits + "-bitserial", bits, false,
                bits + "-bit codes as " + bits + " bit planes of 64 per word; AND + popcount per plane pair, "
                        + "weighted by 2^(i+j) (the top plane of a signed code negative)") {
            @Override
            Prepared prepareChecked(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
                BitPlanes pa = BitPlanes.pack(ca, s.m(), s.k(), a);
                BitPlanes pw = BitPlanes.pack(cw, s.n(), s.k(), w);
                int ba = ca.bits();
                int bw = cw.bits();
                long[] weight = new long[ba * bw];
                for (int i = 0; i < ba; i++) {
                    for (int j = 0; j < bw; j++) {
                        weight[i * bw + j] = pa.planeWeight(i) * pw.planeWeight(j);
                    }
                }
                int words = pa.wordsPerPlane();
                int[] c = new int[s.m() * s.n()];
                return new IntPrepared(c, s) {
                    @Override
                    public void run() {
                        long[] ap = pa.planes();
                        long[] wp = pw.planes();
                        for (int m = 0; m < s.m(); m++) {
                            int aRow = m * ba * words;
                            for (int n = 0; n < s.n(); n++) {
                                int wRow = n * bw * words;
                                long sum = 0;
                                // Plane pair outermost: each count is a register-held reduction over the
                                // words (a count array indexed in the inner loop went through memory, 3x slower).
                                for (int i = 0; i < ba; i++) {
                                    int ai = aRow + i * words;
                                    for (int j = 0; j < bw; j++) {
                                        int wj = wRow + j * words;
                                        long count = 0;
                                        for (int x = 0; x < words; x++) {
                                            count += Long.bitCount(ap[ai + x] & wp[wj + x]);
                                        }
                                        sum += weight[i * bw + j] * count;
                                    }
                                }
                                c[m * s.n() + n] = (int) sum;
                            }
                        }
                    }
                };
            }
        };
    }

    /** A kernel for binary codes on both sides. */
    private abstract static class BinaryKernel extends PackedKernel {
        BinaryKernel(String id, boolean reference, String description) {
            super(id, 1, reference, description);
        }

        @Override
        public boolean supports(Codes a, Codes w) {
            return a.binary() && w.binary();
        }
    }

    /** Binary codes decoded one bit at a time: the reference. */
    static final GemmKernel BINARY_SCALAR = new BinaryKernel("binary-scalar", true,
            "binary codes {-1,+1}, 64 per word; scalar decode-multiply-add") {
        @Override
        Prepared prepareChecked(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            return decodingLoop(s, PackedRows.pack(ca, s.m(), s.k(), a), PackedRows.pack(cw, s.n(), s.k(), w));
        }
    };

    /** Binary codes with XNOR and popcount: {@code a.w = k - 2 popcount(a XOR w)} (padding bits are 0 in both). */
    static final GemmKernel BINARY_XNOR = new BinaryKernel("binary-xnor", false,
            "binary codes {-1,+1}, 64 per word; XOR + popcount, a.w = k - 2 popcount(a XOR w)") {
        @Override
        Prepared prepareChecked(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            PackedRows pa = PackedRows.pack(ca, s.m(), s.k(), a);
            PackedRows pw = PackedRows.pack(cw, s.n(), s.k(), w);
            int words = pa.wordsPerRow();
            int[] c = new int[s.m() * s.n()];
            return new IntPrepared(c, s) {
                @Override
                public void run() {
                    long[] av = pa.words();
                    long[] wv = pw.words();
                    for (int m = 0; m < s.m(); m++) {
                        for (int n = 0; n < s.n(); n++) {
                            int mismatches = 0;
                            for (int x = 0; x < words; x++) {
                                mismatches += Long.bitCount(av[m * words + x] ^ wv[n * words + x]);
                            }
                            c[m * s.n() + n] = s.k() - 2 * mismatches;
                        }
                    }
                }
            };
        }
    };

    /** The reference loop shared by the packed scalar kernels: decode both codes, multiply, add. */
    private static GemmKernel.Prepared decodingLoop(GemmShape s, PackedRows pa, PackedRows pw) {
        int bits = pa.codes().bits();
        int perWord = 64 / bits;
        long mask = (1L << bits) - 1;
        int words = pa.wordsPerRow(); // the same for both: same k and bits
        int[] c = new int[s.m() * s.n()];
        return new IntPrepared(c, s) {
            @Override
            public void run() {
                for (int m = 0; m < s.m(); m++) {
                    for (int n = 0; n < s.n(); n++) {
                        int sum = 0;
                        for (int i = 0; i < s.k(); i++) {
                            int shift = (i % perWord) * bits;
                            int x = pa.codes().decode((int) (pa.words()[m * words + i / perWord] >>> shift & mask));
                            int y = pw.codes().decode((int) (pw.words()[n * words + i / perWord] >>> shift & mask));
                            sum += x * y;
                        }
                        c[m * s.n() + n] = sum;
                    }
                }
            }
        };
    }
}
