package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.hardware.kernel.Gemm;
import org.qbench.hardware.kernel.GemmShape;

/**
 * The zero-point identity and the binary zero-tap correction against a direct reference, bit for bit, on random
 * codes and zero points.
 */
class IntegerGemmTest {

    private static int[] codes(Random rnd, int n, int lo, int hi) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + rnd.nextInt(hi - lo + 1);
        }
        return v;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, codes {3}..{4}")
    @CsvSource({"5,7,9,0,15", "8,3,64,-8,7", "17,18,8,0,255", "4,4,33,-128,127"})
    void theZeroPointIdentityIsBitExact(int m, int n, int k, int lo, int hi) {
        Random rnd = new Random(m * 31L + k);
        for (int trial = 0; trial < 5; trial++) {
            int[] a = codes(rnd, m * k, lo, hi);
            int[] b = codes(rnd, n * k, lo, hi);
            int za = rnd.nextInt(41) - 20;
            int zb = rnd.nextInt(41) - 20;
            long[] direct = new long[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0; // doubles hold these sums exactly (< 2^53)
                    for (int x = 0; x < k; x++) {
                        sum += (double) (a[i * k + x] - za) * (b[j * k + x] - zb);
                    }
                    direct[i * n + j] = (long) sum;
                }
            }
            String[] kernel = new String[1];
            assertArrayEquals(direct, IntegerGemm.product(a, za, b, zb, m, n, k, kernel), kernel[0]);

            // per-column zero points of a symmetric right operand (a linear layer's input channels)
            int[] zk = codes(rnd, k, -20, 20);
            long[] raw = IntegerGemm.product(a, 0, b, 0, m, n, k, kernel);
            long[] perColumn = new long[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int x = 0; x < k; x++) {
                        sum += (double) (a[i * k + x] - zk[x]) * b[j * k + x];
                    }
                    perColumn[i * n + j] = (long) sum;
                }
            }
            assertArrayEquals(perColumn, IntegerGemm.subtractColumnZeroPoints(raw, m, n, k, zk, b));
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, 1 in {3} codes zero")
    @CsvSource({"5,7,9,3", "8,3,64,8", "17,4,65,2", "3,5,200,1000", "4,4,130,1"})
    void theBinaryZeroTapCorrectionIsBitExact(int m, int n, int k, int zeroOneIn) {
        Random rnd = new Random(m * 131L + k);
        for (int trial = 0; trial < 5; trial++) {
            int[] a = ternary(rnd, m * k, zeroOneIn);
            int[] b = ternary(rnd, n * k, zeroOneIn * 3);
            String[] kernel = new String[1];
            long[] product = IntegerGemm.binary(a, b, m, n, k, kernel, true);
            assertArrayEquals(Gemm.reference(new GemmShape(m, n, k),
                    a, b), product, kernel[0]);
            boolean zeros = Arrays.stream(a).anyMatch(x -> x == 0) || Arrays.stream(b).anyMatch(x -> x == 0);
            assertEquals(zeros ? "binary-xnor+zero-taps" : "binary-xnor", kernel[0]);
        }
        int[] signs = ternary(rnd, m * k, Integer.MAX_VALUE);
        int[] weights = ternary(rnd, n * k, Integer.MAX_VALUE);
        String[] kernel = new String[1];
        assertArrayEquals(Gemm.reference(new GemmShape(m, n, k),
                signs, weights), IntegerGemm.binary(signs, weights, m, n, k, kernel, true));
        assertEquals("binary-xnor", kernel[0], "no zero, no correction");
    }

    @Test
    void aCodeBeyondOneIsNotBinary() {
        String[] kernel = new String[1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntegerGemm.binary(new int[] {1, 2}, new int[] {1, -1}, 1, 1, 2, kernel, true));
        assertEquals("activation code 2 at [0][1] is not -1, 0 or +1: not a binary layer", e.getMessage());
    }

    /** -1 or +1, 0 with probability 1 / {@code zeroOneIn} (the first code of every row 0 when it is 1). */
    private static int[] ternary(Random rnd, int n, int zeroOneIn) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = zeroOneIn != Integer.MAX_VALUE && rnd.nextInt(zeroOneIn) == 0 ? 0 : rnd.nextBoolean() ? 1 : -1;
        }
        return v;
    }
}
