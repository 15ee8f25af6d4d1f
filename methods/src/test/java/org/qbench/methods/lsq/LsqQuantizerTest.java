package org.qbench.methods.lsq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qbench.methods.quant.Autograd.assertFinite;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.qbench.methods.Granularity;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.WithManager;

/**
 * LSQ forward values and gradients (w.r.t. the input and the step size) against the closed form of
 * Esser et al. (2020), computed here in plain Java.
 */
class LsqQuantizerTest extends WithManager {

    /** What autograd (or the closed form) gives: values, d/dx, d/ds. */
    private record Result(float[] y, float[] dx, float[] ds) {}

    private Result run(LsqQuantizer q, float[] values, Shape shape, float[] upstream) {
        Autograd.Result r = Autograd.run(q, manager, values, shape, upstream, "step");
        return new Result(r.y(), r.dx(), r.dParam());
    }

    private LsqQuantizer quantizer(QuantSpec spec, Shape shape, float... steps) {
        LsqQuantizer q = new LsqQuantizer(spec);
        q.initialize(manager, DataType.FLOAT32, shape);
        q.setStepSize(steps);
        return q;
    }

    /** The closed form with the paper's gradient scale. */
    private static Result closedForm(QuantSpec spec, float[] v, float[] s, float[] up, int perSlot) {
        return closedForm(spec, v, s, up, perSlot, true);
    }

    /**
     * The closed form: forward, d/dx, and d/ds summed per step-size slot, times {@code g = 1/sqrt(N Q_P)} when
     * {@code gradientScale}, else as it is ({@code g = 1}).
     */
    private static Result closedForm(
            QuantSpec spec, float[] v, float[] s, float[] up, int perSlot, boolean gradientScale) {
        int qn = -spec.minCode();
        int qp = spec.maxCode();
        float[] y = new float[v.length];
        float[] dx = new float[v.length];
        double[] ds = new double[s.length];
        for (int i = 0; i < v.length; i++) {
            int slot = i / perSlot;
            float u = v[i] / s[slot];
            boolean inside = u >= -qn && u <= qp; // torch.clamp counts the bounds as inside
            float clamped = Math.min(Math.max(u, -qn), qp);
            y[i] = (float) Math.rint(clamped) * s[slot];
            dx[i] = inside ? up[i] : 0f;
            double dyds = inside ? Math.rint(u) - u : (u < -qn ? -qn : qp);
            ds[slot] += up[i] * dyds;
        }
        double g = gradientScale ? 1.0 / Math.sqrt((double) v.length * qp) : 1.0;
        float[] dsScaled = new float[s.length];
        for (int k = 0; k < s.length; k++) {
            dsScaled[k] = (float) (ds[k] * g);
        }
        return new Result(y, dx, dsScaled);
    }

    private static void assertMatches(Result expected, Result actual) {
        assertArrayEquals(expected.y(), actual.y(), 0f, "forward values");
        for (int i = 0; i < expected.dx().length; i++) {
            // d/dx flows through x / s * s, which float arithmetic does not cancel exactly.
            assertEquals(expected.dx()[i], actual.dx()[i], 1e-6 * Math.max(1, Math.abs(expected.dx()[i])), "d/dx[" + i + "]");
        }
        for (int k = 0; k < expected.ds().length; k++) {
            assertEquals(expected.ds()[k], actual.ds()[k], 1e-5 * Math.max(1, Math.abs(expected.ds()[k])), "d/ds[" + k + "]");
        }
    }

    @ParameterizedTest(name = "{0} bits, signed={1}")
    @CsvSource({"2,true", "2,false", "3,true", "3,false", "4,true", "4,false", "5,true", "6,false", "7,true", "8,true", "8,false"})
    void forwardAndGradientsMatchClosedFormOnTiesAndClipping(int bits, boolean signed) {
        QuantSpec spec = QuantSpec.perTensor(bits, signed);
        float s = 0.25f; // a power of two: v/s is exact, so the ties below are real ties
        int qp = spec.maxCode();
        int qn = -spec.minCode();
        float[] v = {
            0.5f * s, 1.5f * s, -0.5f * s, -1.5f * s, 2.5f * s, // exact half-steps: round half to even
            0.49f * s, 0.51f * s, // just either side of a tie
            (qp + 0.5f) * s, (qp + 3f) * s, qp * s, // at and beyond the top clip
            (-qn - 0.5f) * s, (-qn - 4f) * s, -qn * s, // at and beyond the bottom clip
            0f, 0.3f
        };
        float[] up = new float[v.length];
        for (int i = 0; i < up.length; i++) {
            up[i] = 0.5f + 0.1f * i; // distinct upstream weights so each element's gradient counts
        }
        Shape shape = new Shape(v.length);
        Result actual = run(quantizer(spec, shape, s), v, shape, up);
        assertMatches(closedForm(spec, v, new float[] {s}, up, v.length), actual);
        // Spot checks of the rule itself, independent of the closed-form helper.
        assertEquals(0f, actual.y()[0], "0.5 step rounds to even 0");
        if (qp >= 2) {
            assertEquals(2 * s, actual.y()[1], "1.5 steps round to even 2");
        }
        assertEquals(qp * s, actual.y()[8], "clipped at Q_P");
        assertEquals(0f, actual.dx()[8], "no gradient beyond the clip range");
    }

    @ParameterizedTest(name = "{0} bits, signed={1}")
    @CsvSource({"2,true", "3,false", "4,true", "8,false", "1,false"})
    void randomTensorsMatchClosedForm(int bits, boolean signed) {
        QuantSpec spec = QuantSpec.perTensor(bits, signed);
        float[][] inputs = randomInputs(bits * 31L + (signed ? 1 : 0), signed);
        float[] v = inputs[0];
        float[] up = inputs[1];
        float s = 0.0937f;
        Shape shape = new Shape(v.length);
        assertMatches(closedForm(spec, v, new float[] {s}, up, v.length), run(quantizer(spec, shape, s), v, shape, up));
    }

    @ParameterizedTest(name = "{0} bits, signed={1}")
    @CsvSource({"2,true", "3,false", "4,true", "8,false"})
    void withoutTheGradientScaleTheStepGetsTheUnscaledGradientAndTheSameValues(int bits, boolean signed) {
        QuantSpec spec = QuantSpec.perTensor(bits, signed);
        float[][] inputs = randomInputs(bits * 17L + (signed ? 1 : 0), signed);
        float[] v = inputs[0];
        float[] up = inputs[1];
        float s = 0.0937f;
        Shape shape = new Shape(v.length);
        LsqQuantizer unscaled = new LsqQuantizer(spec, false);
        unscaled.initialize(manager, DataType.FLOAT32, shape);
        unscaled.setStepSize(s);
        Result actual = run(unscaled, v, shape, up);
        assertMatches(closedForm(spec, v, new float[] {s}, up, v.length, false), actual);
        // The published quantizer: the same values and input gradient, its step gradient g = 1/sqrt(N Q_P) times this.
        Result scaled = run(quantizer(spec, shape, s), v, shape, up);
        assertArrayEquals(scaled.y(), actual.y(), 0f);
        assertArrayEquals(scaled.dx(), actual.dx(), 0f);
        double g = 1.0 / Math.sqrt((double) v.length * spec.maxCode());
        assertEquals(actual.ds()[0] * g, scaled.ds()[0], 1e-5 * Math.max(1, Math.abs(scaled.ds()[0])));
    }

    /** 257 Gaussian inputs (shifted to mostly positive when unsigned) and upstream gradients from one seed. */
    private static float[][] randomInputs(long seed, boolean signed) {
        Random rnd = new Random(seed);
        float[] v = new float[257];
        float[] up = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * 0.8) + (signed ? 0f : 0.5f);
            up[i] = (float) rnd.nextGaussian();
        }
        return new float[][] {v, up};
    }

    @Test
    void perChannelStepSizesQuantizeEachChannelOnItsOwnGrid() {
        QuantSpec spec = new QuantSpec(3, true, Granularity.PER_CHANNEL, true);
        Shape shape = new Shape(3, 2, 2);
        float[] s = {0.5f, 0.125f, 2f};
        float[] v = {0.25f, 0.74f, -3f, 1.6f, 0.0625f, -0.1875f, 0.6f, -0.4f, 3f, -5f, 9f, -20f};
        float[] up = {1, -2, 3, 0.5f, 1, 1, -1, 2, 1, 1, 0.25f, 1};
        assertMatches(closedForm(spec, v, s, up, 4), run(quantizer(spec, shape, s), v, shape, up));
    }

    @Test
    void stepSizeIsInitialisedFromTheFirstTensorAsTwiceMeanAbsOverSqrtQp() {
        QuantSpec spec = QuantSpec.perTensor(4, false);
        LsqQuantizer q = new LsqQuantizer(spec);
        Shape shape = new Shape(4);
        q.initialize(manager, DataType.FLOAT32, shape);
        float[] v = {0f, 1f, 2f, 5f};
        q.quantize(new ParameterStore(manager, false), manager.create(v), true);
        assertTrue(q.isCalibrated());
        assertEquals(2 * 2.0 / Math.sqrt(15), q.stepSize()[0], 1e-6);
    }

    @Test
    void perChannelInitialisationUsesEachChannelsMean() {
        LsqQuantizer q = new LsqQuantizer(new QuantSpec(2, true, Granularity.PER_CHANNEL, true));
        Shape shape = new Shape(2, 2);
        q.initialize(manager, DataType.FLOAT32, shape);
        q.quantize(new ParameterStore(manager, false), manager.create(new float[] {1, -3, 0.5f, 0.5f}, shape), true);
        assertArrayEquals(new float[] {4f, 1f}, q.stepSize(), 1e-6f); // 2*mean|v|/sqrt(1)
    }

    @Test
    void perChannelInitialisationWorksOnConvolutionWeights() {
        LsqQuantizer q = new LsqQuantizer(new QuantSpec(4, true, Granularity.PER_CHANNEL, true));
        Shape shape = new Shape(2, 3, 2, 2);
        q.initialize(manager, DataType.FLOAT32, shape);
        float[] w = new float[24];
        for (int i = 0; i < 24; i++) {
            w[i] = i < 12 ? 0.5f : -2f;
        }
        q.quantize(new ParameterStore(manager, false), manager.create(w, shape), true);
        assertArrayEquals(new float[] {(float) (2 * 0.5 / Math.sqrt(7)), (float) (2 * 2 / Math.sqrt(7))}, q.stepSize(), 1e-6f);
    }

    @Test
    void exportGivesCodesThatReproduceTheFakeQuantizedValues() {
        QuantSpec spec = QuantSpec.perTensor(4, true);
        Shape shape = new Shape(6);
        float[] v = {0.125f, -0.375f, 0.9f, -2f, 3f, 0.0625f};
        LsqQuantizer q = quantizer(spec, shape, 0.25f);
        var exported = q.export(manager.create(v));
        assertArrayEquals(new int[] {0, -2, 4, -8, 7, 0}, exported.codes());
        float[] y = q.quantize(new ParameterStore(manager, false), manager.create(v), false).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(y[i], exported.codes()[i] * exported.scales()[0], 0f);
        }
    }

    @Test
    void aNegativeStepQuantizesOnTheGridOfItsMagnitudeAndKeepsItsGradient() {
        QuantSpec spec = QuantSpec.perTensor(3, true);
        Shape shape = new Shape(6);
        float[] v = {0.1f, -0.3f, 0.55f, 2f, -2f, 0.0f};
        float[] up = {1, 2, 3, 4, 5, 6};
        Result positive = run(quantizer(spec, shape, 0.25f), v, shape, up);
        Result negative = run(quantizer(spec, shape, -0.25f), v, shape, up);
        assertArrayEquals(positive.y(), negative.y(), 0f);
        assertArrayEquals(positive.dx(), negative.dx(), 0f);
        assertEquals(-positive.ds()[0], negative.ds()[0], 1e-6, "d|s|/ds = sign(s): the gradient is alive, not floored to 0");
    }

    @Test
    void trainingTimeIntermediatesBelongToTheBatchNotToTheParameter() {
        LsqQuantizer q = quantizer(QuantSpec.perTensor(4, true), new Shape(64), 0.1f);
        int before = manager.getManagedArrays().size();
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.randomNormal(new Shape(64));
            for (int i = 0; i < 10; i++) {
                q.quantize(new ParameterStore(batch, false), x, true);
            }
        }
        assertEquals(before, manager.getManagedArrays().size(), "arrays were left in the parameter's manager");
    }

        @Test
    void edgeCasesOfTheGridAreRejectedOrHandled() {
        assertThrows(IllegalArgumentException.class, () -> new LsqQuantizer(QuantSpec.perTensor(1, true)),
                "a signed 1-bit grid has no positive level");
        assertThrows(IllegalArgumentException.class, () -> QuantSpec.perTensor(0, false));
        assertThrows(IllegalArgumentException.class, () -> QuantSpec.perTensor(9, true));
        assertThrows(IllegalArgumentException.class,
                () -> new LsqQuantizer(new QuantSpec(4, true, Granularity.PER_GROUP, true)));
        assertEquals(-128, QuantSpec.perTensor(8, true).minCode());
        assertEquals(255, QuantSpec.perTensor(8, false).maxCode());
        assertEquals(1, QuantSpec.perTensor(1, false).maxCode());
    }

    /** Export gives finite scales, and codes x scales reproduce the forward values exactly. */
    private static void assertExportMatches(LsqQuantizer q, NDManager manager, float[] v, Shape shape, float[] y) {
        var exported = q.export(manager.create(v, shape));
        assertFinite(exported.scales(), "scales");
        int perSlot = v.length / exported.scales().length;
        for (int i = 0; i < v.length; i++) {
            assertEquals(y[i], exported.codes()[i] * exported.scales()[i / perSlot], 0f, "code x scale = y[" + i + "]");
        }
    }

    /** Every LSQ grid (1..8 bits; signed from 2) with a step at 0, negative under the floor, and negative above it. */
    static Stream<Arguments> collapsedSteps() {
        return IntStream.rangeClosed(1, 8).boxed()
                .flatMap(bits -> Stream.of(false, true).filter(signed -> bits > 1 || !signed)
                        .flatMap(signed -> Stream.of(0f, -1e-9f, -0.25f).map(s -> Arguments.of(bits, signed, s))));
    }

    @ParameterizedTest(name = "{0} bits, signed={1}, step {2}")
    @MethodSource("collapsedSteps")
    void aStepAtOrAcrossZeroGivesFiniteValuesGradientsAndCodes(int bits, boolean signed, float step) {
        QuantSpec spec = QuantSpec.perTensor(bits, signed);
        float sEff = Math.max(Math.abs(step), LsqQuantizer.MIN_STEP);
        float[][] inputs = {
            {0f, 0.3f, -0.3f, 5e-9f, -2e-8f, 1.7e-8f, 2f},
            new float[7], // all zeros
        };
        float[] up = {1, 2, 3, 4, 5, 6, 7};
        Shape shape = new Shape(7);
        for (float[] v : inputs) {
            LsqQuantizer q = quantizer(spec, shape, step);
            Result actual = run(q, v, shape, up);
            assertFinite(actual.y(), "y");
            assertFinite(actual.dx(), "dx");
            assertFinite(actual.ds(), "ds");
            Result expected = closedForm(spec, v, new float[] {sEff}, up, v.length);
            // |s| under the floor: the grid uses the floor, and s gets no gradient (max passes none; d|s|/ds = 0 at 0).
            // A negative s above it: the grid of |s|, and d|s|/ds = -1 flips the gradient.
            float ds = Math.abs(step) < LsqQuantizer.MIN_STEP ? 0f : -expected.ds()[0];
            assertMatches(new Result(expected.y(), expected.dx(), new float[] {ds}), actual);
            assertExportMatches(q, manager, v, shape, actual.y());
        }
    }

    @ParameterizedTest(name = "{0} bits, signed={1}, per-channel={2}")
    @CsvSource({"1,false,false", "4,true,false", "8,false,false", "2,true,true", "4,true,true", "8,false,true"})
    void initialisationFromAllZeroOrConstantTensorsFloorsTheStep(int bits, boolean signed, boolean perChannel) {
        QuantSpec spec = new QuantSpec(bits, signed, perChannel ? Granularity.PER_CHANNEL : Granularity.PER_TENSOR, true);
        Shape shape = new Shape(3, 4);
        float[][] inputs = {
            new float[12], // all zeros
            {0, 0, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f, -2, -2, -2, -2}, // a zero channel and two constant ones
        };
        float[] up = {1, -2, 3, 0.5f, 1, 1, -1, 2, 1, 1, 0.25f, 1};
        for (float[] v : inputs) {
            LsqQuantizer q = new LsqQuantizer(spec);
            q.initialize(manager, DataType.FLOAT32, shape);
            q.quantize(new ParameterStore(manager, false), manager.create(v, shape), false); // initialises s
            float[] s = q.stepSize();
            int perSlot = v.length / s.length;
            for (int k = 0; k < s.length; k++) {
                double meanAbs = 0;
                for (int i = k * perSlot; i < (k + 1) * perSlot; i++) {
                    meanAbs += Math.abs(v[i]) / perSlot;
                }
                double init = Math.max(2 * meanAbs / Math.sqrt(spec.maxCode()), LsqQuantizer.MIN_STEP);
                assertEquals(init, s[k], 1e-6 * init, "initial step " + k + ": 2 mean|v| / sqrt(Q_P), floored");
            }
            Result actual = run(q, v, shape, up);
            assertFinite(actual.y(), "y");
            assertFinite(actual.dx(), "dx");
            assertFinite(actual.ds(), "ds");
            assertMatches(closedForm(spec, v, s, up, perSlot), actual);
            assertExportMatches(q, manager, v, shape, actual.y());
        }
    }
}
