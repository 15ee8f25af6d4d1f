package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.packqvit.Log2Softmax;
import org.qbench.methods.quant.EngineArrays;

/**
 * The integer base-2 softmax against the float path ({@code Log2Softmax.exponents} of {@code base2Softmax}) on random
 * integer logits: exact away from the rounding boundaries, at most one step within {@link
 * IntegerSoftmax#ERROR_BOUND} of one, and mismatches in at most 0.2 % of the entries.
 */
class IntegerSoftmaxTest {

    @ParameterizedTest(name = "{0}-bit exponents, logits up to {1}, scale {2}")
    @CsvSource({"4,225,0.02", "4,800,0.011", "3,100,0.07", "4,3600,0.0023", "2,60,0.3"})
    void exponentsMatchTheFloatPathAwayFromRoundingBoundaries(int bits, int span, double scale) {
        Random rnd = new Random(bits * 1000L + span);
        int rows = 400;
        int cols = 18;
        long[] logits = new long[rows * cols];
        float[] real = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = rnd.nextInt(2 * span + 1) - span;
            real[i] = (float) (logits[i] * scale);
        }
        int[] expected;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = EngineArrays.of(manager, real, new Shape(rows, cols));
            expected = Log2Softmax.exponents(Log2Softmax.base2Softmax(x, -1), bits);
        }
        int[] actual = IntegerSoftmax.exponents(logits, rows, cols, scale, bits);
        int f = Log2Softmax.maxExponent(bits);
        int mismatches = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, real[r * cols + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.pow(2, real[r * cols + c] - max);
            }
            for (int c = 0; c < cols; c++) {
                int e = r * cols + c;
                double y = Math.log(sum) / Math.log(2) - (real[e] - max); // exact -log2 P
                double fromHalf = Math.abs(y - Math.floor(y) - 0.5);
                boolean nearBoundary = fromHalf <= IntegerSoftmax.ERROR_BOUND || Math.abs(y - f) <= IntegerSoftmax.ERROR_BOUND;
                if (actual[e] != expected[e]) {
                    mismatches++;
                    assertTrue(nearBoundary, "entry " + e + ": -log2 P = " + y + ", integer " + actual[e] + ", float "
                            + expected[e]);
                    int a = actual[e] == Log2Softmax.ZERO ? f + 1 : actual[e];
                    int b = expected[e] == Log2Softmax.ZERO ? f + 1 : expected[e];
                    assertEquals(1, Math.abs(a - b), "one exponent step at most");
                }
            }
        }
        assertTrue(mismatches <= logits.length * 0.002, mismatches + " mismatches in " + logits.length);
    }

    @Test
    void theTablesStayWithinTheStatedBound() {
        // 2^t for t on a fine grid of [-8, 0], and log2 of sums across [1, 2^12): both well inside 2^-12
        double worst = 0;
        for (long t = -(8L << 24); t <= 0; t += 4099) {
            double exact = Math.pow(2, t / 16777216.0);
            double got = IntegerSoftmax.pow2(t) / Math.scalb(1.0, 30);
            worst = Math.max(worst, Math.abs(Math.log(got / exact) / Math.log(2)));
        }
        for (long s = 1L << 30; s < 1L << 42; s += (s >> 9) + 12345) {
            double exact = Math.log(s / Math.scalb(1.0, 30)) / Math.log(2);
            worst = Math.max(worst, Math.abs(IntegerSoftmax.log2(s) / 16777216.0 - exact));
        }
        assertTrue(worst < IntegerSoftmax.ERROR_BOUND / 2, "table error " + worst);
    }
}
