package org.qbench.harness.parity;

import java.util.Optional;
import org.qbench.hardware.kernel.Codes;
import org.qbench.hardware.kernel.Gemm;
import org.qbench.hardware.kernel.GemmKernel;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.hardware.kernel.Kernels;

/**
 * Integer GEMMs with zero points, as integer hardware runs them: the kernel multiplies the raw (narrow) codes and the
 * zero points come off afterwards with row and column sums, the identity of the notes' §3.4,
 *
 * <pre>  sum_k (a_mk - za_k)(b_nk - zb) = sum_k a_mk b_nk - zb sum_k a_mk - sum_k za_k b_nk + zb sum_k za_k</pre>
 *
 * <p>so a 4-bit kernel still serves codes whose zero point lies outside 4 bits. Everything is exact in int64.
 *
 * <p>Binary layers ({@link #binary}) get a correction of their own: their codes are {@code -1, 0, +1} (sign(0) = 0,
 * and convolution padding), while the XNOR kernel knows only {@code -1, +1}.
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

    /** The binary codes {-1, +1}, both operands of the XNOR kernels. */
    static final Codes BINARY = new Codes(1, true);

    /** The suffix of a binary kernel's id when zero taps were corrected ({@link #binary}). */
    static final String ZERO_TAPS = "+zero-taps";

    /**
     * {@code C[m][n] = sum_k a[m][k] b[n][k]} for codes in {@code {-1, 0, +1}} (sign with sign(0) = 0, and the zeros
     * a convolution pads its binarized input with) on the fast binary kernel ({@code binary-xnor}), which multiplies
     * {@code {-1, +1}} only. Each 0 goes into the kernel as +1, and the taps where it did are corrected exactly
     * afterwards:
     *
     * <pre>  sum_k a b = sum_k a' b' - sum_{k: a_mk = 0} b'_nk - sum_{k: b_nk = 0} a_mk</pre>
     *
     * <p>({@code x' = x == 0 ? 1 : x}): where only {@code a} is 0 the kernel counted {@code b}, where only {@code b} is
     * 0 it counted {@code a}, and where both are the first sum takes off the kernel's {@code (+1)(+1)} once and the
     * second adds nothing ({@code a_mk = 0}), so no tap is corrected twice. Only the zero taps are visited: exact
     * zeros are rare after a sign, and padding is the border of the feature map. {@code kernel[0]} receives the
     * kernel's id, with {@value #ZERO_TAPS} when some tap was corrected; with {@code correctZeroTaps} false the
     * correction is left out (what the kernel alone gives, for tests that the correction matters).
     *
     * @throws IllegalArgumentException for a code outside {@code {-1, 0, +1}}
     */
    static long[] binary(int[] a, int[] b, int m, int n, int k, String[] kernel, boolean correctZeroTaps) {
        GemmKernel xnor = Kernels.all().stream()
                .filter(g -> !g.reference() && g.bits() == 1 && g.supports(BINARY, BINARY)).findFirst().orElseThrow(
                        () -> new IllegalStateException("no fast binary kernel registered"));
        int[][] zeroA = zeroTaps(a, m, k, "activation");
        int[][] zeroB = zeroTaps(b, n, k, "weight");
        GemmShape shape = new GemmShape(m, n, k);
        GemmKernel.Prepared prepared = xnor.prepare(shape, BINARY, plusOne(a, zeroA, k), BINARY, plusOne(b, zeroB, k));
        prepared.run();
        long[] out = new long[m * n];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                out[r * n + c] = prepared.output(r, c);
            }
        }
        boolean zeros = false;
        for (int[] taps : zeroA) {
            zeros |= taps.length > 0;
        }
        for (int[] taps : zeroB) {
            zeros |= taps.length > 0;
        }
        kernel[0] = xnor.id() + (zeros && correctZeroTaps ? ZERO_TAPS : "");
        if (!zeros || !correctZeroTaps) {
            return out;
        }
        for (int r = 0; r < m; r++) {
            int[] taps = zeroA[r];
            for (int c = 0; c < n; c++) {
                long sum = 0;
                for (int x : taps) {
                    int w = b[c * k + x];
                    sum += w == 0 ? 1 : w;
                }
                for (int x : zeroB[c]) {
                    sum += a[r * k + x];
                }
                out[r * n + c] -= sum;
            }
        }
        return out;
    }

    /** Per row of a {@code rows x k} matrix, the columns holding 0; checks every code is -1, 0 or +1. */
    private static int[][] zeroTaps(int[] v, int rows, int k, String what) {
        int[][] taps = new int[rows][];
        int[] buffer = new int[k];
        for (int r = 0; r < rows; r++) {
            int count = 0;
            for (int x = 0; x < k; x++) {
                int code = v[r * k + x];
                if (code == 0) {
                    buffer[count++] = x;
                } else if (code != 1 && code != -1) {
                    throw new IllegalArgumentException(what + " code " + code + " at [" + r + "][" + x
                            + "] is not -1, 0 or +1: not a binary layer");
                }
            }
            taps[r] = java.util.Arrays.copyOf(buffer, count);
        }
        return taps;
    }

    /** The codes with every zero tap set to +1 (the input itself when there is none). */
    private static int[] plusOne(int[] v, int[][] zeroTaps, int k) {
        int[] out = null;
        for (int r = 0; r < zeroTaps.length; r++) {
            for (int x : zeroTaps[r]) {
                if (out == null) {
                    out = v.clone();
                }
                out[r * k + x] = 1;
            }
        }
        return out == null ? v : out;
    }
}
