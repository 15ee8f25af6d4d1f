package org.qbench.methods.packqvit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.WithManager;

/** The PTF residual quantizer: its first-batch factor choice against brute force, its forward and gradients. */
class PtfResidualQuantizerTest extends WithManager {

    /** [B, N, C] with B = 2, N = 16, C = 8: channel c is uniform in [-1, 1] times SCALES[c]. */
    private static final Shape STREAM = new Shape(2, 16, 8);
    private static final float[] SCALES = {1, 2, 4, 8, 1, 8, 2, 4};

    private static float[] plantedOutliers(long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[(int) STREAM.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((2 * rnd.nextDouble() - 1) * SCALES[i % SCALES.length]);
        }
        return x;
    }

    private PtfResidualQuantizer calibrated(int bits, float[] x) {
        PtfResidualQuantizer q = new PtfResidualQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, STREAM);
        q.quantize(new ParameterStore(manager, false), EngineArrays.of(manager, x, STREAM), false);
        return q;
    }

    @Test
    void ptfPicksTheLeastSquaredErrorFactorPerChannelAndFindsThePlantedOutliers() {
        float[] x = plantedOutliers(3);
        int bits = 4;
        int qp = 15;
        PtfResidualQuantizer q = calibrated(bits, x);
        // FQ-ViT's base scale and zero point over the whole tensor, in plain Java.
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float f : x) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        double s = (max - min) / qp / 8;
        double z = Math.min(Math.max(-Math.rint(min / (8 * s)), 0), qp);
        assertEquals(s, q.stepSize(), 1e-6 * s);
        assertEquals(z, q.zeroPoint(), 0);
        // Brute force: every channel's squared error at each of the four factors, smallest wins (ties: smaller k).
        int[] expected = new int[SCALES.length];
        for (int c = 0; c < SCALES.length; c++) {
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k <= 3; k++) {
                double scale = s * (1 << k);
                double err = 0;
                for (int i = c; i < x.length; i += SCALES.length) {
                    double code = Math.rint(Math.min(Math.max(x[i] / scale + z, 0), qp));
                    double d = (code - z) * scale - x[i];
                    err += d * d;
                }
                if (err < best) {
                    best = err;
                    expected[c] = k;
                }
            }
        }
        assertArrayEquals(expected, q.factors());
        // The planted scales x1, x2, x4, x8 are the factors 0..3.
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 3, 1, 2}, q.factors());
    }

    @Test
    void forwardAndGradientsOfTheSharedStepAndZeroPointMatchTheClosedForm() {
        Random rnd = new Random(11);
        Shape shape = new Shape(2, 3, 4);
        float[] x = new float[(int) shape.size()];
        float[] up = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 1.5 * (1 + i % 4));
            up[i] = (float) rnd.nextGaussian();
        }
        int bits = 3;
        int qp = 7;
        float s = 0.21f;
        float z = 3.4f; // rounds to 3: the zero point is an integer in the forward
        int[] k = {0, 1, 2, 3};
        double g = 1.0 / Math.sqrt((double) x.length * qp);
        double zr = Math.rint(z);
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        double ds = 0;
        double dz = 0;
        for (int i = 0; i < x.length; i++) {
            double alpha = s * (double) (1 << k[i % 4]);
            double u = x[i] / alpha + zr;
            boolean inside = u > 0 && u < qp;
            double code = inside ? Math.rint(u) : u <= 0 ? 0 : qp;
            y[i] = (float) ((code - zr) * alpha);
            dx[i] = inside ? up[i] : 0;
            ds += up[i] * (inside ? Math.rint(u) - u : code - zr) * (1 << k[i % 4]) * g;
            dz += up[i] * (inside ? 0 : -alpha) * g;
        }
        Autograd.Result forStep = Autograd.run(fixed(bits, shape, s, z, k), manager, x, shape, up, "step");
        Autograd.Result forOffset = Autograd.run(fixed(bits, shape, s, z, k), manager, x, shape, up, "offset");
        assertArrayEquals(y, forStep.y(), 1e-5f, "forward values");
        assertArrayEquals(dx, forStep.dx(), 1e-6f, "input gradient");
        assertEquals(ds, forStep.dParam()[0], 1e-5 * Math.max(1, Math.abs(ds)), "shared step gradient");
        assertEquals(dz, forOffset.dParam()[0], 1e-5 * Math.max(1, Math.abs(dz)), "zero point gradient");
    }

    private PtfResidualQuantizer fixed(int bits, Shape shape, float s, float z, int[] k) {
        PtfResidualQuantizer q = new PtfResidualQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, shape);
        q.set(s, z, k);
        return q;
    }

    @Test
    void factorsAreFrozenStateAndSurviveLaterBatches() {
        PtfResidualQuantizer q = calibrated(4, plantedOutliers(3));
        int[] before = q.factors();
        assertFalse(q.getParameters().get("factors").requiresGradient(), "the optimiser never moves the factors");
        float[] flat = new float[(int) STREAM.size()];
        java.util.Arrays.fill(flat, 0.5f);
        q.quantize(new ParameterStore(manager, false), EngineArrays.of(manager, flat, STREAM), false);
        assertArrayEquals(before, q.factors(), "initialised once, on the first batch");
    }

    @Test
    void badWidthsFactorsAndTheIntegerExportAreRefusedClearly() {
        assertEquals("the PTF residual quantizer needs 2..8 bits, got 1",
                assertThrows(IllegalArgumentException.class, () -> new PtfResidualQuantizer(1)).getMessage());
        PtfResidualQuantizer q = new PtfResidualQuantizer(4);
        q.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> q.set(0.1f, 0f, new int[] {0, 4, 1}));
        assertThrows(IllegalArgumentException.class, () -> q.set(0.1f, 0f, new int[] {0, 1}));
        assertThrows(UnsupportedOperationException.class,
                () -> q.export(EngineArrays.of(manager, new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 2, 3))));
    }
}
