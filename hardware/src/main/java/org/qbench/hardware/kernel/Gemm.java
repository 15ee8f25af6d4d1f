package org.qbench.hardware.kernel;

/** The ground truth every GEMM kernel is tested against: exact 64-bit sums over plain code arrays. */
public final class Gemm {

    private Gemm() {}

    /** {@code C[m][n] = sum_k a[m][k] * w[n][k]} in 64-bit integers, row-major. */
    public static long[] reference(GemmShape s, int[] a, int[] w) {
        long[] c = new long[s.m() * s.n()];
        for (int m = 0; m < s.m(); m++) {
            for (int n = 0; n < s.n(); n++) {
                long sum = 0;
                for (int k = 0; k < s.k(); k++) {
                    sum += (long) a[m * s.k() + k] * w[n * s.k() + k];
                }
                c[m * s.n() + n] = sum;
            }
        }
        return c;
    }

    static void checkSizes(GemmShape s, int[] a, int[] w) {
        if (a.length != (long) s.m() * s.k() || w.length != (long) s.n() * s.k()) {
            throw new IllegalArgumentException("operands of " + a.length + " and " + w.length + " codes do not match GEMM " + s);
        }
    }
}
