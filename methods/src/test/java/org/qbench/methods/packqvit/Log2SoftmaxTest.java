package org.qbench.methods.packqvit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qbench.methods.quant.Autograd.assertFinite;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.quant.WithManager;

/**
 * PackQViT's log2 attention quantizer against closed forms computed here in plain Java: the base-2 softmax, the
 * log2 levels and their cut-off, log-domain rounding with its float ties, masked rows, the identity-STE
 * gradient, and the exponent codes of the integer path.
 */
class Log2SoftmaxTest extends WithManager {

    private static final double LN2 = Math.log(2.0);

    /** What one forward and backward pass of {@code sum(out * upstream)} gave. */
    private record Run(float[] out, float[] grad) {}

    /** Forward through the block's DJL interface, and the autograd gradient w.r.t. the logits. */
    private Run run(Log2Softmax block, float[] logits, Shape shape, float[] upstream) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.create(logits, shape);
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(scope, false), new NDList(a), true).singletonOrThrow();
                gc.backward(out.mul(scope.create(upstream, shape)).sum());
                return new Run(out.toFloatArray(), a.getGradient().toFloatArray());
            }
        }
    }

    /** An engine function of one array, applied to {@code values} and read back. */
    private float[] eval(Function<NDArray, NDArray> f, float[] values, Shape shape) {
        try (NDManager scope = manager.newSubManager()) {
            return f.apply(scope.create(values, shape)).toFloatArray();
        }
    }

    private float[] quantize(float[] probabilities, int bits) {
        return eval(p -> Log2Softmax.log2Quantize(p, bits), probabilities, new Shape(probabilities.length));
    }

    /** {@code softmax(A ln 2)} over rows of length {@code cols}, in doubles. */
    private static double[] softmaxOfLn2Times(float[] a, int cols) {
        double[] p = new double[a.length];
        for (int r = 0; r < a.length / cols; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, a[r * cols + c] * LN2);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                p[r * cols + c] = Math.exp(a[r * cols + c] * LN2 - max);
                sum += p[r * cols + c];
            }
            for (int c = 0; c < cols; c++) {
                p[r * cols + c] /= sum;
            }
        }
        return p;
    }

    /** The log2 level of one float probability: {@code 2^rint(float log2 p)} above the cut-off, else 0. */
    private static float closedFormLevel(float p, int bits) {
        if (!(p > Math.scalb(1.0, -((1 << bits) - 1)))) {
            return 0f;
        }
        float log2 = (float) (Math.log(p) / LN2);
        return Math.scalb(1f, (int) Math.rint(log2));
    }

    /** {@code k} when {@code v == 2^-k} exactly for some k in 0..149, else -1. */
    private static int exactExponent(float v) {
        for (int k = 0; k <= 149; k++) {
            if (v == Math.scalb(1f, -k)) {
                return k;
            }
        }
        return -1;
    }

    private static float[] gaussian(Random rnd, int n, double sigma) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        return v;
    }

    @Test
    void base2SoftmaxIsTheSoftmaxOfLn2TimesTheLogitsAndRowsSumToOne() {
        Random rnd = new Random(11);
        for (Shape shape : new Shape[] {new Shape(3, 5), new Shape(2, 3, 7)}) {
            int cols = (int) shape.get(shape.dimension() - 1);
            float[] a = gaussian(rnd, (int) shape.size(), 3.0);
            a[0] = 40f; // a large logit: the row maximum keeps 2^x finite
            float[] p = eval(x -> Log2Softmax.base2Softmax(x, -1), a, shape);
            double[] expected = softmaxOfLn2Times(a, cols);
            for (int i = 0; i < a.length; i++) {
                assertEquals(expected[i], p[i], 1e-6, "P[" + i + "]");
            }
            for (int r = 0; r < a.length / cols; r++) {
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += p[r * cols + c];
                }
                assertEquals(1.0, sum, 1e-6, "row " + r + " sums to 1 before quantization");
            }
        }
    }

    @Test
    void anotherAxisNormalisesThatAxis() {
        float[] a = gaussian(new Random(5), 12, 2.0); // 3 rows of 4
        float[] t = transpose(a, 3, 4); // the same values as 4 rows of 3: the softmax axis is now axis 0
        float[] p = eval(x -> Log2Softmax.base2Softmax(x, -1), a, new Shape(3, 4));
        float[] pOverAxisZero = transpose(eval(x -> Log2Softmax.base2Softmax(x, 0), t, new Shape(4, 3)), 4, 3);
        assertArrayEquals(p, pOverAxisZero, 1e-7f);
        float[] out = eval(new Log2Softmax(4)::apply, a, new Shape(3, 4));
        float[] outOverAxisZero = transpose(eval(new Log2Softmax(4, 0)::apply, t, new Shape(4, 3)), 4, 3);
        assertArrayEquals(out, outOverAxisZero, 0f);
    }

    /** The transpose of a {@code rows x cols} row-major array. */
    private static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = v[r * cols + c];
            }
        }
        return t;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void everyOutputIsZeroOrAnExactPowerOfTwoWithinTheExponentRange(int bits) {
        int maxK = (1 << bits) - 1;
        Shape shape = new Shape(6, 32);
        float[] a = gaussian(new Random(100 + bits), (int) shape.size(), 6.0); // wide rows: levels down to 2^-40
        float[] p = eval(x -> Log2Softmax.base2Softmax(x, -1), a, shape);
        float[] out = eval(new Log2Softmax(bits)::apply, a, shape);
        int zeros = 0;
        Set<Integer> levels = new TreeSet<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0f) {
                zeros++;
                assertTrue(p[i] <= Log2Softmax.cutoff(bits), "P[" + i + "] = " + p[i] + " above the cut-off became 0");
                continue;
            }
            int k = exactExponent(out[i]);
            assertTrue(k >= 0 && k <= maxK, "out[" + i + "] = " + out[i] + " is not 2^-k with 0 <= k <= " + maxK);
            levels.add(k);
            assertEquals(closedFormLevel(p[i], bits), out[i], 0f, "out[" + i + "] for P = " + p[i]);
        }
        if (bits <= 4) {
            assertTrue(zeros > 0, "no probability fell below 2^-" + maxK + ": the cut-off went untested");
        }
        if (bits >= 2) {
            assertTrue(levels.size() >= 2, "only the levels " + levels + " occurred");
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void probabilitiesAtOrBelowTheCutOffBecomeZeroJustAboveItTheLastLevel(int bits) {
        float cut = (float) Log2Softmax.cutoff(bits); // exact in float32 up to 7 bits (2^-127, a subnormal)
        assertEquals(Math.scalb(1.0, -((1 << bits) - 1)), cut, 0.0);
        float[] p = {Math.nextDown(cut), cut, Math.nextUp(cut), 0f, 1f};
        float[] expected = {0f, 0f, cut, 0f, 1f};
        assertArrayEquals(expected, quantize(p, bits), 0f);
    }

    @Test
    void atEightBitsTheCutOffIsBelowFloat32SoEveryPositiveProbabilityIsKept() {
        // 2^-255 has no float32; the official code's comparison with it also becomes P > 0 on a float32 tensor.
        float[] p = {Float.MIN_VALUE, 0x1p-126f, 1e-30f, 0f};
        float[] out = quantize(p, 8);
        assertEquals(Float.MIN_VALUE, out[0], 0f, "2^-149 is its own level (k = 149 <= 255)");
        assertEquals(0x1p-126f, out[1], 0f);
        assertEquals(closedFormLevel(1e-30f, 8), out[2], 0f);
        assertEquals(0f, out[3], 0f);
    }

    @Test
    void theCutOffHoldsForProbabilitiesFromLogits() {
        // b = 4: P = 2^x / (1 + 2^x) for the row [0, x]; x = -15 gives P just below 2^-15, x = -14.99 just above.
        float[] a = {0f, -15f, 0f, -14.99f};
        float[] out = eval(new Log2Softmax(4)::apply, a, new Shape(2, 2));
        assertArrayEquals(new float[] {1f, 0f, 1f, 0x1p-15f}, out, 0f);
    }

    @Test
    void roundingIsInTheLogDomainNotAtOneAndAHalfTimesAPowerOfTwo() {
        // log2 0.7 = -0.515 -> 2^-1; log2 0.72 = -0.474 -> 2^0 (FQ-ViT's 1.5 2^k threshold would give 0.5 for 0.72).
        float[] p = {0.7f, 0.72f, 1f, 0.5f, 0.36f, 0.35f, 0.0884f, 0.0883f};
        // 0.36 / 0.35 straddle 2^-1.5 = 0.35355; 0.0884 / 0.0883 straddle 2^-3.5 = 0.088388.
        float[] expected = {0.5f, 1f, 1f, 0.5f, 0.5f, 0.25f, 0.125f, 0.0625f};
        assertArrayEquals(expected, quantize(p, 4), 0f);
    }

    @Test
    void tiesOnTheFloatLog2RoundHalfToEven() {
        // The floats nearest 2^-(k + 1/2) have float log2 exactly -(k + 1/2): true ties of torch.round.
        float[] p = new float[4];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) Math.pow(2.0, -(k + 0.5));
            assertEquals(-(k + 0.5f), (float) (Math.log(p[k]) / LN2), 0f, "float log2 of " + p[k] + " is a tie");
        }
        // Half to even: -0.5 -> 0, -1.5 -> -2, -2.5 -> -2, -3.5 -> -4. Half up would give 2^-1 at -1.5 and
        // 2^-3 at -3.5; half away from zero 2^-1 at -0.5 and 2^-3 at -2.5.
        float[] expected = {1f, 0.25f, 0.25f, 0.0625f};
        assertArrayEquals(expected, quantize(p, 4), 0f);
        assertArrayEquals(new int[] {0, 2, 2, 4}, exponentsOf(p, 4));
    }

    private int[] exponentsOf(float[] p, int bits) {
        try (NDManager scope = manager.newSubManager()) {
            return Log2Softmax.exponents(scope.create(p), bits);
        }
    }

    @Test
    void aRowMaskedToOneEntryGivesExactlyOneAndZerosWithFiniteGradients() {
        float ninf = Float.NEGATIVE_INFINITY;
        float[] a = {
            0f, -1e30f, -1e30f, -1e30f, // very negative finite logits
            ninf, 3f, ninf, ninf, // true -Infinity
            -1e30f, ninf, ninf, 7f, // both
        };
        float[] expected = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
        float[] up = {0.3f, -1f, 2f, 0.5f, 1f, -2f, 0.25f, 4f, -0.5f, 1.5f, 3f, -1f};
        for (int bits : new int[] {1, 4, 8}) {
            Run r = run(new Log2Softmax(bits), a, new Shape(3, 4), up);
            assertArrayEquals(expected, r.out(), 0f, bits + " bits");
            assertFinite(r.grad(), "gradient");
            // One-hot P: ln2 P_j (U_j - sum_i U_i P_i) is 0 everywhere.
            assertArrayEquals(new float[12], r.grad(), 1e-7f, bits + " bits, gradient");
        }
    }

    @Test
    void aFullyMaskedRowGivesZerosNotNaN() {
        float ninf = Float.NEGATIVE_INFINITY;
        float[] a = {
            ninf, ninf, ninf, ninf, // every entry masked: the code (and torch.softmax) gives NaN
            -1e30f, -1e30f, -1e30f, -1e30f, // equal finite logits, however small: uniform
            1f, ninf, 1f, ninf,
        };
        float[] up = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        Run r = run(new Log2Softmax(4), a, new Shape(3, 4), up);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f, 0.5f, 0, 0.5f, 0}, r.out(), 0f);
        assertFinite(r.grad(), "gradient");
        assertArrayEquals(new float[4], Arrays.copyOf(r.grad(), 4), 0f, "no gradient into a masked row");
        float[] p = eval(x -> Log2Softmax.base2Softmax(x, -1), a, new Shape(3, 4));
        assertFinite(p, "P");
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 4, 8})
    void theGradientIsTheBase2SoftmaxGradient(int bits) {
        Random rnd = new Random(7 + bits);
        int rows = 3;
        int cols = 5;
        float[] a = gaussian(rnd, rows * cols, 2.0);
        float[] up = gaussian(rnd, rows * cols, 1.0);
        Run r = run(new Log2Softmax(bits), a, new Shape(rows, cols), up);
        double[] p = softmaxOfLn2Times(a, cols);
        for (int row = 0; row < rows; row++) {
            double weighted = 0; // sum_i U_i P_i
            for (int c = 0; c < cols; c++) {
                weighted += up[row * cols + c] * p[row * cols + c];
            }
            for (int j = 0; j < cols; j++) {
                int idx = row * cols + j;
                // d/dA_j sum_i U_i P_i = sum_i U_i ln2 P_i (delta_ij - P_j) = ln2 P_j (U_j - sum_i U_i P_i)
                double expected = LN2 * p[idx] * (up[idx] - weighted);
                assertEquals(expected, r.grad()[idx], 1e-5, "dA[" + idx + "]");
            }
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(closedFormLevel((float) p[i], bits), r.out()[i], 0f, "out[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void exponentsRoundTripTheForwardValues(int bits) {
        Shape shape = new Shape(4, 2, 24);
        float[] a = gaussian(new Random(40 + bits), (int) shape.size(), 5.0);
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = scope.create(a, shape);
            float[] out = new Log2Softmax(bits).apply(logits).toFloatArray();
            int[] k = Log2Softmax.exponents(Log2Softmax.base2Softmax(logits, -1), bits);
            assertEquals(out.length, k.length);
            int zeros = 0;
            for (int i = 0; i < out.length; i++) {
                if (k[i] == Log2Softmax.ZERO) {
                    zeros++;
                    assertEquals(0f, out[i], 0f, "ZERO code at a nonzero output [" + i + "]");
                } else {
                    assertTrue(k[i] >= 0 && k[i] <= Log2Softmax.maxExponent(bits), "code " + k[i]);
                    assertEquals(Math.scalb(1f, -k[i]), out[i], 0f, "2^-k vs the forward value [" + i + "]");
                }
                assertEquals(out[i], Log2Softmax.level(k[i]), 0f, "level(k) [" + i + "]");
            }
            assertTrue(bits == 8 || zeros > 0, "no ZERO code occurred");
        }
    }

    @Test
    void exponentsAgreeWithTheEngineAroundEveryRoundingThreshold() {
        // The 64 floats around each 2^-(k + 1/2) (the rounding thresholds) and each 2^-k, k = 0..30: the Java
        // float log2 and the engine's must round alike, or a kernel's codes would differ from training's values.
        int per = 64;
        float[] p = new float[31 * 2 * per];
        int n = 0;
        for (int k = 0; k <= 30; k++) {
            for (float centre : new float[] {(float) Math.pow(2.0, -(k + 0.5)), Math.scalb(1f, -k)}) {
                float v = centre;
                for (int i = 0; i < per / 2; i++) {
                    v = Math.nextDown(v);
                }
                for (int i = 0; i < per; i++) {
                    p[n++] = Math.min(v, 1f);
                    v = Math.nextUp(v);
                }
            }
        }
        float[] out = quantize(p, 8);
        int[] k = exponentsOf(p, 8);
        for (int i = 0; i < p.length; i++) {
            assertEquals(out[i], Log2Softmax.level(k[i]), 0f, "P = " + p[i] + " (code " + k[i] + ")");
        }
    }

    @Test
    void exponentsRejectValuesThatAreNotProbabilities() {
        for (float bad : new float[] {Float.NaN, -0.1f, 1.5f, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> exponentsOf(new float[] {0.5f, bad}, 4));
            assertTrue(e.getMessage().contains("[1]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Log2Softmax.level(-2));
        assertThrows(IllegalArgumentException.class, () -> Log2Softmax.level(256));
    }

    @Test
    void bitsOutsideOneToEightAreRejected() {
        for (int bits : new int[] {0, 9, -1, 32}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Log2Softmax(bits));
            assertTrue(e.getMessage().contains("bit width " + bits) && e.getMessage().contains("1..8"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> quantize(new float[] {0.5f}, bits));
            assertThrows(IllegalArgumentException.class, () -> exponentsOf(new float[] {0.5f}, bits));
            assertThrows(IllegalArgumentException.class, () -> Log2Softmax.cutoff(bits));
        }
    }

    @Test
    void asADjlBlockItMapsLogitsToSameShapedOutputInTrainingAndInference() {
        Log2Softmax block = new Log2Softmax(4);
        Shape shape = new Shape(2, 3, 4);
        block.initialize(manager, DataType.FLOAT32, shape);
        assertTrue(block.getParameters().isEmpty(), "no learnable parameters");
        assertArrayEquals(new Shape[] {shape}, block.getOutputShapes(new Shape[] {shape}));
        float[] a = gaussian(new Random(3), (int) shape.size(), 3.0);
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = scope.create(a, shape);
            ParameterStore store = new ParameterStore(scope, false);
            NDArray train = block.forward(store, new NDList(logits), true).singletonOrThrow();
            NDArray infer = block.forward(store, new NDList(logits), false).singletonOrThrow();
            assertEquals(shape, train.getShape());
            assertArrayEquals(block.apply(logits).toFloatArray(), train.toFloatArray(), 0f);
            assertArrayEquals(train.toFloatArray(), infer.toFloatArray(), 0f);
        }
        assertEquals(4, block.bits());
        assertEquals(-1, block.axis());
    }
}
