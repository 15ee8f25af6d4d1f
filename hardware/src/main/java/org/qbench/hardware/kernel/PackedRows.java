package org.qbench.hardware.kernel;

/**
 * A row-major matrix of b-bit codes packed {@code 64 / b} to a 64-bit word along each row, every row starting
 * on a word boundary (its unused high bits are zero). Code {@code i} of a row sits in word {@code i / (64/b)}
 * at bit offset {@code (i mod (64/b)) * b}: the layout an integer kernel streams.
 *
 * @param codes what the codes are
 * @param rows number of rows
 * @param k codes per row
 * @param words the packed words, {@code rows * wordsPerRow()} of them
 */
public record PackedRows(Codes codes, int rows, int k, long[] words) {

    /** Validates the array length. */
    public PackedRows {
        if (rows < 1 || k < 1 || words.length != rows * wordsPerRow(codes.bits(), k)) {
            throw new IllegalArgumentException("packed " + codes + " rows: " + words.length + " words for " + rows + " x " + k);
        }
    }

    /** Words per row for {@code k} codes of {@code bits} bits. */
    public static int wordsPerRow(int bits, int k) {
        int perWord = 64 / bits;
        return (k + perWord - 1) / perWord;
    }

    /** Words per row. */
    public int wordsPerRow() {
        return wordsPerRow(codes.bits(), k);
    }

    /**
     * Packs a row-major {@code rows x k} matrix of codes.
     *
     * @throws IllegalArgumentException when a code is out of range (naming its index) or the size is wrong
     */
    public static PackedRows pack(Codes codes, int rows, int k, int[] values) {
        if (values.length != (long) rows * k) {
            throw new IllegalArgumentException(values.length + " codes for a " + rows + " x " + k + " matrix");
        }
        codes.check(values, "codes");
        int bits = codes.bits();
        int perWord = 64 / bits;
        int wpr = wordsPerRow(bits, k);
        long[] words = new long[rows * wpr];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                words[r * wpr + i / perWord] |= (long) codes.encode(values[r * k + i]) << ((i % perWord) * bits);
            }
        }
        return new PackedRows(codes, rows, k, words);
    }

    /** The codes back, row-major. */
    public int[] unpack() {
        int bits = codes.bits();
        int perWord = 64 / bits;
        int wpr = wordsPerRow();
        long mask = (1L << bits) - 1;
        int[] values = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                values[r * k + i] = codes.decode((int) ((words[r * wpr + i / perWord] >>> ((i % perWord) * bits)) & mask));
            }
        }
        return values;
    }
}
