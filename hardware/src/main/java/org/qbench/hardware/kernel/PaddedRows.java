package org.qbench.hardware.kernel;

/**
 * Operand layout of the register-blocked vector kernels: row-major, the row count rounded up to a multiple of
 * {@link #BLOCK} and the row length to a multiple of the vector's lanes, the padding zero. Zeros add nothing to
 * a dot product, so the kernels run whole blocks and whole vectors with no tail loops, and drop the padded
 * outputs.
 */
final class PaddedRows {

    /** Rows of activations, and of weights, multiplied together in one register block (4 x 4 accumulators). */
    static final int BLOCK = 4;

    private PaddedRows() {}

    /** {@code x} rounded up to a multiple of {@code to}. */
    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /** {@code rows x k} codes as bytes (their low 8 bits), padded to {@code roundUp(rows, BLOCK) x kPadded}. */
    static byte[] bytes(int[] codes, int rows, int k, int kPadded) {
        byte[] out = new byte[roundUp(rows, BLOCK) * kPadded];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                out[r * kPadded + i] = (byte) codes[r * k + i];
            }
        }
        return out;
    }

    /** {@code rows x k} codes as floats, padded to {@code roundUp(rows, BLOCK) x kPadded}. */
    static float[] floats(int[] codes, int rows, int k, int kPadded) {
        float[] out = new float[roundUp(rows, BLOCK) * kPadded];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                out[r * kPadded + i] = codes[r * k + i];
            }
        }
        return out;
    }
}
