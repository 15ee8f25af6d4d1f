package org.qbench.methods.packqvit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.lsqplus.LsqPlusQuantizer;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.WithManager;

/**
 * PackQViT's activation quantizer ({@link LsqPlusQuantizer.Form#ZERO_POINT}) against its closed form: forward values,
 * input, step and zero-point gradients per tensor, per channel (last axis) and per head (axis 1), and the grid's
 * signedness and initial values decided from the first batch.
 */
class ZeroPointActivationQuantizerTest extends WithManager {

    private static float[] gaussian(Random rnd, int n, double scale, double shift) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale + shift);
        }
        return v;
    }

    private LsqPlusQuantizer fixed(int bits, int axis, Shape shape, float[] s, float[] z, boolean signed) {
        LsqPlusQuantizer q = new LsqPlusQuantizer(bits, axis, LsqPlusQuantizer.Form.ZERO_POINT);
        q.initialize(manager, DataType.FLOAT32, shape);
        q.setZeroPoint(s, z, signed);
        return q;
    }

    /** The closed form in doubles against autograd, for steps and zero points per slot ({@code slot(i)}: element i's). */
    private void assertMatches(int bits, boolean signed, int axis, Shape shape, float[] x, float[] s, float[] z,
            float[] up, IntUnaryOperator slot) {
        int qn = signed ? -(1 << (bits - 1)) : 0;
        int qp = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        double g = 1.0 / Math.sqrt((double) x.length * qp);
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        double[] ds = new double[s.length];
        double[] dz = new double[s.length];
        for (int i = 0; i < x.length; i++) {
            int c = slot.applyAsInt(i);
            double zr = Math.rint(z[c]);
            double u = x[i] / s[c] + zr;
            boolean inside = u > qn && u < qp;
            double code = inside ? Math.rint(u) : u <= qn ? qn : qp;
            y[i] = (float) ((code - zr) * s[c]);
            dx[i] = inside ? up[i] : 0;
            ds[c] += up[i] * (inside ? Math.rint(u) - u : code - zr) * g;
            dz[c] += up[i] * (inside ? 0 : -s[c]) * g;
        }
        Autograd.Result forStep = Autograd.run(fixed(bits, axis, shape, s, z, signed), manager, x, shape, up, "step");
        Autograd.Result forZero = Autograd.run(fixed(bits, axis, shape, s, z, signed), manager, x, shape, up, "offset");
        assertArrayEquals(y, forStep.y(), 1e-5f, "forward values");
        assertArrayEquals(dx, forStep.dx(), 1e-6f, "input gradient");
        for (int c = 0; c < s.length; c++) {
            assertEquals(ds[c], forStep.dParam()[c], 1e-5 * Math.max(1, Math.abs(ds[c])), "step gradient, slot " + c);
            assertEquals(dz[c], forZero.dParam()[c], 1e-5 * Math.max(1, Math.abs(dz[c])), "zero point gradient, slot " + c);
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void perTensorValuesAndGradientsMatchTheClosedFormOnBothGrids(int bits) {
        Random rnd = new Random(bits);
        float[] x = gaussian(rnd, 301, 1.0, 0.3);
        float[] up = gaussian(rnd, x.length, 1.0, 0);
        Shape shape = new Shape(x.length);
        float s = 2.2f / (1 << bits);
        // A non-integer zero point: the forward uses round(z), the gradient passes straight through.
        assertMatches(bits, true, Integer.MIN_VALUE, shape, x, new float[] {s}, new float[] {-0.6f}, up, i -> 0);
        assertMatches(bits, false, Integer.MIN_VALUE, shape, x, new float[] {s}, new float[] {1.4f}, up, i -> 0);
    }

    @Test
    void perChannelAndPerHeadParametersBroadcastAlongTheirAxis() {
        Random rnd = new Random(5);
        // Tokens [B, N, C]: one step and zero point per channel of the last axis.
        Shape tokens = new Shape(2, 3, 4);
        float[] t = gaussian(rnd, (int) tokens.size(), 1.0, 0);
        assertMatches(4, true, -1, tokens, t, new float[] {0.1f, 0.2f, 0.05f, 0.3f}, new float[] {0f, -2.2f, 1f, 3f},
                gaussian(rnd, t.length, 1.0, 0), i -> i % 4);
        // Attention [B, H, N, d]: one per head (axis 1).
        Shape heads = new Shape(2, 3, 2, 2);
        float[] h = gaussian(rnd, (int) heads.size(), 1.0, 0);
        assertMatches(3, false, 1, heads, h, new float[] {0.4f, 0.15f, 0.7f}, new float[] {-3f, -1f, 0f},
                gaussian(rnd, h.length, 1.0, 0), i -> (i / 4) % 3);
    }

    private LsqPlusQuantizer calibrated(int bits, int axis, Shape shape, float[] x) {
        LsqPlusQuantizer q = new LsqPlusQuantizer(bits, axis, LsqPlusQuantizer.Form.ZERO_POINT);
        q.initialize(manager, DataType.FLOAT32, shape);
        q.quantize(new ParameterStore(manager, false), EngineArrays.of(manager, x, shape), false);
        return q;
    }

    @Test
    void theFirstBatchDecidesTheGridAndTheStartingStepAndZeroPoint() {
        Shape shape = new Shape(2, 5, 3);
        Random rnd = new Random(9);
        // Signed data: the signed grid, s = 2 mean|x| / sqrt(7), z = min(0, round(-8 - min/s)) in every channel.
        float[] signed = gaussian(rnd, (int) shape.size(), 1.0, 0);
        LsqPlusQuantizer q = calibrated(4, -1, shape, signed);
        assertTrue(q.signed());
        assertEquals(-8, q.qn());
        assertEquals(7, q.qp());
        double[] expected = startOf(signed, -8, 7);
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[0], q.stepSize()[c], 1e-6, "one global step in every channel");
            assertEquals(expected[1], q.offsetValue()[c], 0);
        }
        assertEquals(1f, q.getParameters().get("signed").getArray().getFloat(), "the grid is saved with the model");
        assertFalse(q.getParameters().get("signed").requiresGradient());
        // A one-sided input (GELU's, down to -0.17): still signed (below -1e-5), the grid shifted up to cover it.
        float[] gelu = new float[(int) shape.size()];
        for (int i = 0; i < gelu.length; i++) {
            gelu[i] = i == 0 ? -0.17f : (float) (0.1 * i);
        }
        LsqPlusQuantizer shifted = calibrated(4, -1, shape, gelu);
        double[] start = startOf(gelu, -8, 7);
        assertTrue(start[1] < -4, "the minimum sits near Q_N: z = " + start[1]);
        assertEquals(start[1], shifted.offsetValue()[0], 0);
        // Non-negative data (above -1e-5): the unsigned grid, minimum 0 at code 0.
        float[] relu = new float[(int) shape.size()];
        for (int i = 0; i < relu.length; i++) {
            relu[i] = i % 3 == 0 ? -1e-6f : (float) (0.05 * i);
        }
        LsqPlusQuantizer unsigned = calibrated(4, -1, shape, relu);
        assertFalse(unsigned.signed());
        assertEquals(0, unsigned.qn());
        assertEquals(15, unsigned.qp());
        assertEquals(startOf(relu, 0, 15)[0], unsigned.stepSize()[0], 1e-6);
        assertEquals(0f, unsigned.offsetValue()[0], 0f);
        // Decided once: a later signed batch keeps the unsigned grid.
        unsigned.quantize(new ParameterStore(manager, false), EngineArrays.of(manager, signed, shape), false);
        assertFalse(unsigned.signed());
    }

    /** {@code {s, z}}: {@code s = 2 mean|x| / sqrt(Q_P)}, {@code z = min(0, round(Q_N - min/s))}. */
    private static double[] startOf(float[] x, int qn, int qp) {
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (float f : x) {
            min = Math.min(min, f);
            sum += Math.abs(f);
        }
        double s = (float) (2 * sum / x.length / Math.sqrt(qp));
        return new double[] {s, Math.min(0, Math.rint(qn - min / s))};
    }

    @Test
    void oneBitAndTheOtherFormsSetterAreRefusedClearly() {
        assertThrows(IllegalArgumentException.class,
                () -> new LsqPlusQuantizer(1, -1, LsqPlusQuantizer.Form.ZERO_POINT));
        LsqPlusQuantizer q = new LsqPlusQuantizer(4, -1, LsqPlusQuantizer.Form.ZERO_POINT);
        q.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        assertThrows(IllegalStateException.class, () -> q.set(new float[4], new float[4]));
        LsqPlusQuantizer plus = new LsqPlusQuantizer(4);
        plus.initialize(manager, DataType.FLOAT32, new Shape(4));
        assertThrows(IllegalStateException.class, () -> plus.setZeroPoint(new float[1], new float[1], true));
    }
}
