package org.qbench.hardware.kernel;

/**
 * The shape of an integer GEMM {@code C[m][n] = sum_k A[m][k] * W[n][k]}: A holds activations (one row per
 * output position), W weights (one row per output channel), both row-major along k, C row-major.
 *
 * @param m rows of A and C
 * @param n rows of W, columns of C
 * @param k the reduction length
 */
public record GemmShape(int m, int n, int k) {

    /** Validates positivity and that the operand sizes fit Java arrays. */
    public GemmShape {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("GEMM dimensions must be positive, got m=" + m + " n=" + n + " k=" + k);
        }
        if ((long) m * k > Integer.MAX_VALUE - 64 || (long) n * k > Integer.MAX_VALUE - 64 || (long) m * n > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("GEMM " + this + " is too large for Java arrays");
        }
    }

    /**
     * Parses {@code MxNxK}, the form {@link #toString()} writes (and the JMH benchmark takes its shape in).
     *
     * @throws IllegalArgumentException unless the text is three positive integers joined by {@code x}
     */
    public static GemmShape parse(String text) {
        String[] parts = text.split("x", -1);
        try {
            if (parts.length == 3) {
                return new GemmShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // reported below, with the expected form
        }
        throw new IllegalArgumentException("bad GEMM shape '" + text + "': expected MxNxK, e.g. 784x64x576");
    }

    /** Multiply-accumulates: m * n * k. */
    public long macs() {
        return (long) m * n * k;
    }

    /**
     * Checks that int32 accumulators cannot overflow: {@code k * max|a| * max|w| <= 2^31 - 1}.
     *
     * @throws IllegalArgumentException naming k, the code ranges and the largest k allowed
     */
    public void checkAccumulator(Codes a, Codes w) {
        long worst = (long) k * a.maxAbs() * w.maxAbs();
        if (worst > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("k=" + k + " can overflow int32 accumulators for " + a + " x " + w
                    + " codes (worst case " + worst + "); the largest k allowed is "
                    + Integer.MAX_VALUE / ((long) a.maxAbs() * w.maxAbs()));
        }
    }

    @Override
    public String toString() {
        return m + "x" + n + "x" + k;
    }
}
