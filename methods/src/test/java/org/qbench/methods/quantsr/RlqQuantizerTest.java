package org.qbench.methods.quantsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.WithManager;

/**
 * RLQ's forward values and gradients (w.r.t. the input, the step and the per-channel shift) against the closed forms
 * of {@code sr-lowlight.md} §1.2 and the addendum, computed here in plain Java; its first-batch signedness and step
 * initialisation; its export.
 */
class RlqQuantizerTest extends WithManager {

    /** Values, d/dx, d/ds, d/dtau (empty for weights). */
    private record Result(float[] y, float[] dx, float ds, float[] dtau) {}

    private Result run(RlqQuantizer q, float[] values, Shape shape, float[] upstream) {
        Autograd.Gradients g = Autograd.gradients(q, manager, values, shape, upstream,
                q.quantizesActivations() ? List.of("step", "tau") : List.of("step"));
        return new Result(g.y(), g.dx(), g.parameters().get("step")[0],
                q.quantizesActivations() ? g.parameters().get("tau") : new float[0]);
    }

    /**
     * The closed form: {@code y = s rint(clip((x + tau_c)/s))}; {@code dy/dx~ = phi'(r) 1[inside]};
     * {@code dy/ds = (q - u phi'(r)) g} inside, {@code Q_N g} / {@code Q_P g} outside; {@code dy/dtau_c} the channel's
     * sum of upstream times {@code dy/dx~}. Channels run along axis 1 of {@code [B, C, rest]} with {@code rest}
     * elements each.
     */
    private static Result closedForm(float[] v, float[] tau, int channels, int rest, float s, int qn, int qp, double k,
            float[] up) {
        float[] y = new float[v.length];
        float[] dx = new float[v.length];
        double ds = 0;
        double[] dtau = new double[tau.length];
        for (int i = 0; i < v.length; i++) {
            int c = (i / rest) % channels;
            float shifted = tau.length == 0 ? v[i] : v[i] + tau[c];
            float u = shifted / s;
            boolean inside = u >= qn && u <= qp;
            float uc = Math.min(Math.max(u, qn), qp);
            double q = Math.rint(uc);
            y[i] = (float) q * s;
            double slope = RlqQuantizer.phiPrime(uc - Math.floor(uc), k);
            dx[i] = inside ? (float) (up[i] * slope) : 0f;
            ds += up[i] * (inside ? q - uc * slope : (u < qn ? qn : qp));
            if (tau.length > 0) {
                dtau[c] += dx[i];
            }
        }
        double g = 1.0 / Math.sqrt((double) v.length * qp);
        float[] dt = new float[tau.length];
        for (int c = 0; c < dt.length; c++) {
            dt[c] = (float) dtau[c];
        }
        return new Result(y, dx, (float) (ds * g), dt);
    }

    private static void assertMatches(Result expected, Result actual) {
        assertArrayEquals(expected.y(), actual.y(), 0f, "forward values");
        for (int i = 0; i < expected.dx().length; i++) {
            assertEquals(expected.dx()[i], actual.dx()[i], 2e-6 * Math.max(1, Math.abs(expected.dx()[i])), "d/dx[" + i + "]");
        }
        assertEquals(expected.ds(), actual.ds(), 1e-5 * Math.max(1, Math.abs(expected.ds())), "d/ds");
        for (int c = 0; c < expected.dtau().length; c++) {
            assertEquals(expected.dtau()[c], actual.dtau()[c], 1e-5 * Math.max(1, Math.abs(expected.dtau()[c])),
                    "d/dtau[" + c + "]");
        }
    }

    private RlqQuantizer activations(int bits, Shape shape, float step, boolean signed, float... tau) {
        RlqQuantizer q = RlqQuantizer.forActivations(bits, 1, 1.0);
        q.initialize(manager, DataType.FLOAT32, shape);
        q.calibrate(step, signed);
        if (tau.length > 0) {
            q.setTau(tau);
        }
        return q;
    }

    private static float[] upstream(int n) {
        float[] up = new float[n];
        for (int i = 0; i < n; i++) {
            up[i] = 0.5f + 0.1f * i; // distinct, so each element's gradient counts
        }
        return up;
    }

    @ParameterizedTest(name = "{0} bits, signed={1}")
    @CsvSource({"2,true", "2,false", "3,true", "3,false", "4,true", "4,false", "8,true", "8,false"})
    void forwardAndGradientsMatchTheClosedFormAcrossTheRangeTiesAndClipping(int bits, boolean signed) {
        float s = 0.25f; // a power of two: x/s is exact, so the ties below are real ties
        int qp = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        int qn = signed ? -(1 << (bits - 1)) : 0;
        float[] v = {
            0.5f * s, 1.5f * s, 2.5f * s, -0.5f * s, -1.5f * s, // exact half steps: round half to even
            0.25f * s, 0.75f * s, 1.125f * s, -0.3f * s, 0f, // inside, r = 1/4, 3/4, 1/8, ...
            qp * s, (qp + 0.5f) * s, (qp + 3f) * s, qn * s, (qn - 0.5f) * s, (qn - 4f) * s // at and beyond the clips
        };
        Shape shape = new Shape(1, 1, v.length); // one channel, tau = 0
        float[] up = upstream(v.length);
        Result actual = run(activations(bits, shape, s, signed), v, shape, up);
        assertMatches(closedForm(v, new float[] {0f}, 1, v.length, s, qn, qp, 1.0, up), actual);
        assertEquals(0f, actual.y()[0], "0.5 steps round to even 0");
        if (qp >= 2) {
            assertEquals(2 * s, actual.y()[1], "1.5 steps round to even 2");
            assertEquals(2 * s, actual.y()[2], "2.5 steps round to even 2");
        }
        assertEquals(qp * s, actual.y()[12], "clipped at Q_P");
        assertEquals(0f, actual.dx()[12], "no gradient beyond the clip range");
        assertEquals(qn * s, actual.y()[15], "clipped at Q_N");
    }

    @Test
    void theSurrogatesSlopeIsPhiPrimeAtZeroAQuarterAndAHalf() {
        assertEquals(0.8509, RlqQuantizer.phiPrime(0, 1), 5e-5);
        assertEquals(1.0171, RlqQuantizer.phiPrime(0.25, 1), 5e-5);
        assertEquals(1.0820, RlqQuantizer.phiPrime(0.5, 1), 5e-5);
        assertEquals(RlqQuantizer.phiPrime(0, 1), RlqQuantizer.phiPrime(1, 1), 1e-12, "symmetric about 1/2");
        float s = 0.5f;
        float[] v = {2f * s, 2.25f * s, 2.5f * s, -1.75f * s}; // r = 0, 1/4, 1/2, and 1/4 below zero
        Shape shape = new Shape(1, 1, 4);
        Result r = run(activations(4, shape, s, true), v, shape, new float[] {1, 1, 1, 1});
        assertEquals(0.8509f, r.dx()[0], 5e-5f);
        assertEquals(1.0171f, r.dx()[1], 5e-5f);
        assertEquals(1.0820f, r.dx()[2], 5e-5f);
        assertEquals(1.0171f, r.dx()[3], 5e-5f);
        assertArrayEquals(new float[] {2 * s, 2 * s, 2 * s, -2 * s}, r.y(), 0f, "the surrogate acts in the backward only");
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void theShiftIsPerChannelAndItsGradientSumsTheChannelsInputGradients(int bits) {
        Random rnd = new Random(bits);
        Shape shape = new Shape(2, 3, 2, 5); // B, C, H, W
        int n = (int) shape.size();
        float[] v = new float[n];
        float[] up = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
            up[i] = (float) rnd.nextGaussian();
        }
        float[] tau = {0.3f, -0.2f, 0.05f};
        float s = 0.0937f * (8f / bits);
        for (boolean signed : new boolean[] {true, false}) {
            int qp = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
            int qn = signed ? -(1 << (bits - 1)) : 0;
            Result actual = run(activations(bits, shape, s, signed, tau), v, shape, up);
            assertMatches(closedForm(v, tau, 3, 10, s, qn, qp, 1.0, up), actual);
        }
    }

    @Test
    void aSharperTanhChangesOnlyTheBackward() {
        Shape shape = new Shape(1, 1, 6);
        float[] v = {0.1f, 0.37f, 0.9f, -0.6f, 1.3f, 5f};
        float[] up = upstream(v.length);
        RlqQuantizer sharp = RlqQuantizer.forActivations(3, 1, 4.0);
        sharp.initialize(manager, DataType.FLOAT32, shape);
        sharp.calibrate(0.25f, true);
        Result actual = run(sharp, v, shape, up);
        assertMatches(closedForm(v, new float[] {0f}, 1, 6, 0.25f, -4, 3, 4.0, up), actual);
        Result plain = run(activations(3, shape, 0.25f, true), v, shape, up);
        assertArrayEquals(plain.y(), actual.y(), 0f);
        assertFalse(plain.dx()[1] == actual.dx()[1], "k changes the slope");
    }

    @Test
    void signednessIsDecidedOnTheFirstBatchAndTheStepIsTwiceMeanAbsOverSqrtQp() {
        Shape shape = new Shape(1, 2, 2);
        ParameterStore ps = new ParameterStore(manager, false);
        RlqQuantizer unsigned = RlqQuantizer.forActivations(4, 1, 1.0);
        unsigned.initialize(manager, DataType.FLOAT32, shape);
        unsigned.quantize(ps, manager.create(new float[] {0f, 1f, 2f, -1e-6f}, shape), true);
        assertTrue(unsigned.isCalibrated());
        assertFalse(unsigned.signed(), "a minimum of -1e-6 is not below -1e-5");
        assertEquals(0, unsigned.qn());
        assertEquals(15, unsigned.qp());
        assertEquals(2 * (3 + 1e-6) / 4 / Math.sqrt(15), unsigned.stepSize(), 1e-6);
        // Later batches do not re-decide.
        unsigned.quantize(ps, manager.create(new float[] {-5f, -5f, -5f, -5f}, shape), true);
        assertFalse(unsigned.signed());

        RlqQuantizer signed = RlqQuantizer.forActivations(4, 1, 1.0);
        signed.initialize(manager, DataType.FLOAT32, shape);
        signed.quantize(ps, manager.create(new float[] {0f, 1f, 2f, -2e-5f}, shape), true);
        assertTrue(signed.signed());
        assertEquals(-8, signed.qn());
        assertEquals(7, signed.qp());
        assertEquals(2 * (3 + 2e-5) / 4 / Math.sqrt(7), signed.stepSize(), 1e-6);
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void weightsAreSignedWithTheirStepFromMeanAbsAndNoShift(int bits) {
        Shape shape = new Shape(2, 3);
        float[] w = {0.1f, -0.4f, 0.25f, 0.05f, -0.2f, 0.6f};
        RlqQuantizer q = RlqQuantizer.forWeights(bits, 1.0);
        q.initialize(manager, DataType.FLOAT32, shape);
        assertEquals(0, q.tau().length);
        assertTrue(q.getParameters().get("tau") == null || !q.getParameters().contains("tau"));
        q.quantize(new ParameterStore(manager, false), manager.create(w, shape), true);
        int qp = (1 << (bits - 1)) - 1;
        assertTrue(q.signed());
        assertEquals(2 * (1.6 / 6) / Math.sqrt(qp), q.stepSize(), 1e-6);
        float s = q.stepSize();
        float[] up = upstream(w.length);
        Result actual = run(q, w, shape, up);
        assertMatches(closedForm(w, new float[0], 1, w.length, s, -(1 << (bits - 1)), qp, 1.0, up), actual);
        assertThrows(IllegalArgumentException.class, () -> q.calibrate(0.1f, false));
    }

    @Test
    void exportReproducesTheForwardBitForBitWithTheShiftFolded() {
        Shape shape = new Shape(2, 3, 4, 4);
        NDArray x = manager.randomNormal(shape);
        RlqQuantizer q = activations(3, shape, 0.31f, true, 0.11f, -0.07f, 0.5f);
        float[] y = q.quantize(new ParameterStore(manager, false), x, false).toFloatArray();
        ExportedTensor e = q.export(x);
        assertArrayEquals(new float[] {0.31f}, e.scales());
        assertFalse(e.hasOffset(), "tau is added before quantization, not after");
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], e.value(i), 0f, "element " + i);
            assertTrue(e.codes()[i] >= -4 && e.codes()[i] <= 3);
        }
        assertArrayEquals(new float[] {0.11f, -0.07f, 0.5f}, q.tau(), 0f);
    }

    @Test
    void rejectsOneBitAndANonPositiveK() {
        assertThrows(IllegalArgumentException.class, () -> RlqQuantizer.forWeights(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> RlqQuantizer.forActivations(4, 1, 0.0));
        assertThrows(IllegalArgumentException.class, () -> RlqQuantizer.forActivations(4, 1, Double.NaN));
    }
}
