package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The zero-point identity against a direct reference, bit for bit, on random codes and zero points. */
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
}
