package org.qbench.hardware.kernel;

/**
 * A row-major matrix of b-bit codes stored bit-sliced: for each row, b planes of {@code ceil(k/64)} words,
 * plane p holding bit p of every code's two's-complement pattern (64 codes per word). Bit-serial kernels
 * multiply two such matrices with AND and popcount: {@code a.w = sum_{i,j} s_i s_j 2^(i+j) popcount(A_i & W_j)},
 * where {@code s} is -1 for a signed code's top plane and +1 otherwise. Bits past {@code k} are zero.
 *
 * @param codes what the codes are (not binary: binary operands use {@link PackedRows} with XNOR)
 * @param rows number of rows
 * @param k codes per row
 * @param planes {@code rows * bits * wordsPerPlane()} words, row by row, plane by plane
 */
public record BitPlanes(Codes codes, int rows, int k, long[] planes) {

    /** Validates the codes and the array length. */
    public BitPlanes {
        if (codes.binary()) {
            throw new IllegalArgumentException("binary codes are multiplied with XNOR on packed rows, not bit planes");
        }
        if (rows < 1 || k < 1 || planes.length != rows * codes.bits() * wordsPerPlane(k)) {
            throw new IllegalArgumentException("bit planes: " + planes.length + " words for " + rows + " x " + k + " " + codes);
        }
    }

    /** Words per plane for {@code k} codes. */
    public static int wordsPerPlane(int k) {
        return (k + 63) / 64;
    }

    /** Words per plane. */
    public int wordsPerPlane() {
        return wordsPerPlane(k);
    }

    /**
     * Slices a row-major {@code rows x k} matrix of codes into planes.
     *
     * @throws IllegalArgumentException when a code is out of range (naming its index) or the size is wrong
     */
    public static BitPlanes pack(Codes codes, int rows, int k, int[] values) {
        if (values.length != (long) rows * k) {
            throw new IllegalArgumentException(values.length + " codes for a " + rows + " x " + k + " matrix");
        }
        codes.check(values, "codes");
        int bits = codes.bits();
        int wpp = wordsPerPlane(k);
        long[] planes = new long[rows * bits * wpp];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                int pattern = codes.encode(values[r * k + i]);
                for (int p = 0; p < bits; p++) {
                    if ((pattern >>> p & 1) != 0) {
                        planes[(r * bits + p) * wpp + i / 64] |= 1L << (i % 64);
                    }
                }
            }
        }
        return new BitPlanes(codes, rows, k, planes);
    }

    /** The codes back, row-major. */
    public int[] unpack() {
        int bits = codes.bits();
        int wpp = wordsPerPlane();
        int[] values = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                int pattern = 0;
                for (int p = 0; p < bits; p++) {
                    pattern |= (int) (planes[(r * bits + p) * wpp + i / 64] >>> (i % 64) & 1) << p;
                }
                values[r * k + i] = codes.decode(pattern);
            }
        }
        return values;
    }

    /** The weight of plane p in a code's value: {@code 2^p}, negated for a signed code's top plane. */
    long planeWeight(int p) {
        return codes.signed() && p == codes.bits() - 1 ? -(1L << p) : 1L << p;
    }
}
