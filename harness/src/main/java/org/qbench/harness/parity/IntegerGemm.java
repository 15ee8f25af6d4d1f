package org.qbench.harness.parity;

import java.util.Optional;
import org.qbench.hardware.kernel.Gemm;
import org.qbench.hardware.kernel.GemmKernel;
import org.qbench.hardware.kernel.GemmShape;

/**
 * Integer GEMMs with zero points, as integer hardware runs them: the kernel multiplies the raw (narrow) codes and the
 * zero points come off afterwards with row and column sums, the identity of the notes' §3.4,
 *
 * <pre>  sum_k (a_mk - za_k)(b_nk - zb) = sum_k a_mk b_nk - zb sum_k a_mk - sum_k za_k b_nk + zb sum_k za_k</pre>
 *
 * <p>so a 4-bit kernel still serves codes whose zero point lies outside 4 bits. Everything is exact in int64.
 */
final class IntegerGemm {

    private IntegerGemm() {}

    /**
     * {@code raw[m][n] - sum_k za[k] w[n][k]}: the product of {@code (a - za)} with symmetric {@code w} from the raw
     * product {@code sum_k a w}; {@code w} is {@code n x k} row-major.
     */
    static long[] subtractColumnZeroPoints(long[] raw, int m, int n, int k, int[] za, int[] w) {
        long[] perOutput = new long[n];
        for (int o = 0; o < n; o++) {
            long sum = 0;
            for (int col = 0; col < k; col++) {
                sum += (long) za[col] * w[o * k + col];
            }
            perOutput[o] = sum;
        }
        long[] out = new long[raw.length];
        for (int r = 0; r < m; r++) {
            for (int o = 0; o < n; o++) {
                out[r * n + o] = raw[r * n + o] - perOutput[o];
            }
        }
        return out;
    }

    /**
     * {@code C[m][n] = sum_k (a[m][k] - za)(b[n][k] - zb)}, {@code a} {@code m x k}, {@code b} {@code n x k} (both
     * row-major; {@code b} is the right operand transposed), on the narrowest fast kernel that holds the raw codes (the
     * 64-bit reference when none does), then the zero-point identity. {@code kernel[0]} receives the kernel's id.
     */
    static long[] product(int[] a, int za, int[] b, int zb, int m, int n, int k, String[] kernel) {
        GemmShape shape = new GemmShape(m, n, k);
        long[] raw = new long[m * n];
        Optional<IntegerLayer.Chosen> fast = IntegerLayer.narrowestKernel(shape, a, b);
        if (fast.isPresent()) {
            GemmKernel.Prepared prepared = fast.get().prepared();
            prepared.run();
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < n; c++) {
                    raw[r * n + c] = prepared.output(r, c);
                }
            }
            kernel[0] = fast.get().kernel().id();
        } else {
            raw = Gemm.reference(shape, a, b);
            kernel[0] = "reference-int64";
        }
        if (za == 0 && zb == 0) {
            return raw;
        }
        kernel[0] += "+zp";
        long[] rowA = new long[m];
        for (int r = 0; r < m; r++) {
            for (int x = 0; x < k; x++) {
                rowA[r] += a[r * k + x];
            }
        }
        long[] rowB = new long[n];
        for (int c = 0; c < n; c++) {
            for (int x = 0; x < k; x++) {
                rowB[c] += b[c * k + x];
            }
        }
        long constant = (long) k * za * zb;
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                raw[r * n + c] += -zb * rowA[r] - za * rowB[c] + constant;
            }
        }
        return raw;
    }
}
