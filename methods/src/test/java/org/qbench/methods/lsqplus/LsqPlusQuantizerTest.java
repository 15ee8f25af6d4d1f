package org.qbench.methods.lsqplus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.WithManager;

/** LSQ+ against its closed form: forward values, input, step and offset gradients, broadcasting, initialisation. */
class LsqPlusQuantizerTest extends WithManager {

    /** Forward, input gradient and the step's and offset's gradients, per channel (one slot per step). */
    private record Expected(float[] y, float[] dx, double[] ds, double[] dBeta) {}

    /**
     * The paper's quantizer and STE gradients in doubles. {@code slot(i)} is the channel of element i.
     */
    private static Expected closedForm(int bits, float[] x, float[] s, float[] beta, float[] up, int[] slot) {
        int qp = (1 << bits) - 1;
        double g = 1.0 / Math.sqrt((double) x.length * qp);
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        double[] ds = new double[s.length];
        double[] db = new double[s.length];
        for (int i = 0; i < x.length; i++) {
            int c = slot[i];
            double u = (x[i] - beta[c]) / s[c];
            double q = Math.rint(Math.min(Math.max(u, 0), qp));
            y[i] = (float) (q * s[c] + beta[c]);
            boolean inside = u > 0 && u < qp;
            dx[i] = inside ? up[i] : 0;
            ds[c] += up[i] * (inside ? q - u : u <= 0 ? 0 : qp) * g;
            db[c] += up[i] * (inside ? 0 : 1) * g;
        }
        return new Expected(y, dx, ds, db);
    }

    private LsqPlusQuantizer quantizer(int bits, int axis, Shape shape, float[] s, float[] beta) {
        LsqPlusQuantizer q = axis == Integer.MIN_VALUE ? new LsqPlusQuantizer(bits) : new LsqPlusQuantizer(bits, axis);
        q.initialize(manager, DataType.FLOAT32, shape);
        q.set(s, beta);
        return q;
    }

    /** Runs a fresh quantizer twice (a fresh one per parameter, so no gradient accumulates) and checks it all. */
    private void assertMatches(int bits, int axis, Shape shape, float[] x, float[] s, float[] beta, float[] up, int[] slot) {
        Expected e = closedForm(bits, x, s, beta, up, slot);
        Autograd.Result forStep = Autograd.run(quantizer(bits, axis, shape, s, beta), manager, x, shape, up, "step");
        Autograd.Result forOffset = Autograd.run(quantizer(bits, axis, shape, s, beta), manager, x, shape, up, "offset");
        assertArrayEquals(e.y(), forStep.y(), 1e-6f, "forward values");
        assertArrayEquals(e.dx(), forStep.dx(), 1e-6f, "input gradient");
        for (int c = 0; c < s.length; c++) {
            assertEquals(e.ds()[c], forStep.dParam()[c], 1e-5 * Math.max(1, Math.abs(e.ds()[c])), "step gradient, channel " + c);
            assertEquals(e.dBeta()[c], forOffset.dParam()[c], 1e-5 * Math.max(1, Math.abs(e.dBeta()[c])),
                    "offset gradient, channel " + c);
        }
    }

    /** One forward outside gradient recording, as the training loop's calibration pass: data-driven init runs. */
    private void calibrate(org.qbench.methods.quant.Quantizer q, float[] x) {
        q.quantize(new ParameterStore(manager, false), EngineArrays.of(manager, x, new Shape(x.length)), false);
    }

    private static float[] gaussian(Random rnd, int n, double scale, double shift) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale + shift);
        }
        return v;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void perTensorValuesAndGradientsMatchTheClosedForm(int bits) {
        Random rnd = new Random(bits);
        // Signed data, partly below the offset and partly above the top of the grid: both clips are exercised.
        float[] x = gaussian(rnd, 301, 1.0, -0.2);
        float[] up = gaussian(rnd, x.length, 1.0, 0);
        float s = 1.7f / ((1 << bits) - 1);
        assertMatches(bits, Integer.MIN_VALUE, new Shape(x.length), x, new float[] {s}, new float[] {-0.9f}, up, new int[x.length]);
    }

    @Test
    void perChannelStepsAndOffsetsBroadcastAlongTheirAxis() {
        Random rnd = new Random(5);
        // NCHW feature map, channels on axis 1.
        Shape nchw = new Shape(2, 3, 2, 2);
        float[] x = gaussian(rnd, (int) nchw.size(), 1.0, 0);
        float[] up = gaussian(rnd, x.length, 1.0, 0);
        int[] slot = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            slot[i] = (i / 4) % 3;
        }
        assertMatches(3, 1, nchw, x, new float[] {0.1f, 0.3f, 0.05f}, new float[] {-1f, -0.2f, 0.1f}, up, slot);
        // Tokens [B, N, C], channels last.
        Shape tokens = new Shape(2, 3, 4);
        float[] t = gaussian(rnd, (int) tokens.size(), 1.0, 0);
        float[] tu = gaussian(rnd, t.length, 1.0, 0);
        int[] last = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            last[i] = i % 4;
        }
        assertMatches(4, -1, tokens, t, new float[] {0.1f, 0.2f, 0.05f, 0.3f}, new float[] {-0.5f, -1f, 0f, -2f}, tu, last);
        // Attention tensors [B, H, N, d], one step and offset per head.
        Shape heads = new Shape(1, 2, 3, 2);
        float[] h = gaussian(rnd, (int) heads.size(), 1.0, 0);
        float[] hu = gaussian(rnd, h.length, 1.0, 0);
        int[] head = new int[h.length];
        for (int i = 0; i < h.length; i++) {
            head[i] = i / 6;
        }
        assertMatches(2, 1, heads, h, new float[] {0.4f, 0.7f}, new float[] {-1f, -0.5f}, hu, head);
    }

    @Test
    void initialisationPutsTheOffsetAtTheMinimumAndPicksTheLeastSquaredErrorRange() {
        // Two values a grid of 2^b - 1 steps from 0 to 1 hits exactly: the full range (ratio 1) has zero error.
        float[] twoPoint = new float[64];
        for (int i = 0; i < twoPoint.length; i++) {
            twoPoint[i] = i % 2;
        }
        LsqPlusQuantizer exact = new LsqPlusQuantizer(2);
        exact.initialize(manager, DataType.FLOAT32, new Shape(64));
        calibrate(exact, twoPoint);
        assertEquals(0f, exact.offsetValue()[0], 0f);
        assertEquals(1f / 3, exact.stepSize()[0], 1e-7f);
        // 1000 values spread over [0, 1] and one at 2, on 2 bits: the full range's grid (0, 2/3, 4/3, 2) costs about
        // 1000 x (2/3)^2 / 12 = 37, clipping at 1 (grid 0, 1/3, 2/3, 1) about 9 plus 1 for the outlier: it clips.
        float[] outlier = new float[1001];
        for (int i = 0; i < 1000; i++) {
            outlier[i] = i / 999f;
        }
        outlier[1000] = 2f;
        LsqPlusQuantizer clipped = new LsqPlusQuantizer(2);
        clipped.initialize(manager, DataType.FLOAT32, new Shape(outlier.length));
        calibrate(clipped, outlier);
        assertEquals(0f, clipped.offsetValue()[0], 0f);
        assertTrue(clipped.stepSize()[0] < 2f / 3 * 0.99f, "the outlier is clipped: step " + clipped.stepSize()[0]);
    }

    @Test
    void aConstantTensorQuantizesToItselfWithFiniteGradients() {
        float[] c = new float[16];
        java.util.Arrays.fill(c, -0.75f);
        float[] up = new float[16];
        java.util.Arrays.fill(up, 1f);
        LsqPlusQuantizer q = new LsqPlusQuantizer(4);
        q.initialize(manager, DataType.FLOAT32, new Shape(16));
        calibrate(q, c);
        Autograd.Result r = Autograd.run(q, manager, c, new Shape(16), up, "step");
        assertArrayEquals(c, r.y(), 0f);
        Autograd.assertFinite(r.dx(), "dx");
        Autograd.assertFinite(r.dParam(), "d step");
        assertEquals(LsqPlusQuantizer.MIN_STEP, q.stepSize()[0], 0f, "a zero range floors the step");
    }

    @Test
    void badWidthsAreRefusedClearly() {
        assertEquals("unsupported bit width 9 for LSQ+ (1..8)",
                assertThrows(IllegalArgumentException.class, () -> new LsqPlusQuantizer(9)).getMessage());
    }

    @Test
    void lsqPlusWeightsStartAtThreeStandardDeviations() {
        // mean 0.5, population std 0.5: max(|0.5 - 1.5|, |0.5 + 1.5|) / 2^(4-1) = 2 / 8.
        float[] w = {0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f};
        LsqQuantizer q = new LsqQuantizer(QuantSpec.perTensor(4, true), true, LsqQuantizer.StepInit.MEAN_3_STD);
        q.initialize(manager, DataType.FLOAT32, new Shape(8));
        calibrate(q, w);
        assertEquals(0.25f, q.stepSize()[0], 1e-7f);
    }
}
