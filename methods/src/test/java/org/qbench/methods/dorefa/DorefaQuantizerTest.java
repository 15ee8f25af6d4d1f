package org.qbench.methods.dorefa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qbench.methods.quant.Autograd.assertFinite;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.WithManager;

/** DoReFa's weight and activation quantizers against their closed forms (Zhou et al., 2016). */
class DorefaQuantizerTest extends WithManager {

    private static float[] random(int n, long seed, double scale) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return v;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 5, 8})
    void weightsMatchTheClosedFormAndTheGradientFlowsThroughTanh(int bits) {
        float[] w = random(97, bits, 0.7);
        float[] up = random(97, 100 + bits, 1.0);
        Shape shape = new Shape(w.length);
        DorefaWeightQuantizer q = new DorefaWeightQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, shape);
        Autograd.Result r = Autograd.run(q, manager, w, shape, up, null);
        double l = (1 << bits) - 1;
        double max = 0;
        for (float x : w) {
            max = Math.max(max, Math.abs(Math.tanh(x)));
        }
        for (int i = 0; i < w.length; i++) {
            double t = Math.tanh(w[i]);
            double rr = t / (2 * max) + 0.5;
            double expected = 2 * Math.rint(rr * l) / l - 1;
            assertEquals(expected, r.y()[i], 1e-6, "w_q[" + i + "]");
            // Straight-through round, max detached: dw_q/dw = 2 * (1 - tanh^2) / (2 max) = (1 - t^2) / max.
            assertEquals(up[i] * (1 - t * t) / max, r.dx()[i], 1e-5 * Math.max(1, Math.abs(up[i]) / max), "dw[" + i + "]");
        }
    }

    @Test
    void weightLevelsAreSymmetricWithoutZeroAndExportReproducesThem() {
        float[] w = random(200, 7, 1.0);
        DorefaWeightQuantizer q = new DorefaWeightQuantizer(2);
        Shape shape = new Shape(w.length);
        q.initialize(manager, DataType.FLOAT32, shape);
        float[] y = Autograd.run(q, manager, w, shape, new float[w.length], null).y();
        java.util.TreeSet<Float> levels = new java.util.TreeSet<>();
        for (float v : y) {
            levels.add(v);
        }
        assertEquals(4, levels.size(), "2 bits: levels -1, -1/3, 1/3, 1");
        assertEquals(-1f, levels.first(), 1e-6f);
        assertEquals(1f, levels.last(), 1e-6f);
        var exported = q.export(manager.create(w));
        for (int i = 0; i < w.length; i++) {
            assertEquals(y[i], exported.codes()[i] * exported.scales()[0], 1e-6f);
            assertEquals(1, Math.abs(exported.codes()[i]) % 2, "odd codes: no zero level");
        }
    }

    @Test
    void oneBitWeightsAreMeanMagnitudeTimesSignWithIdentityGradient() {
        float[] w = {0.5f, -1.5f, 2f, -0.25f};
        float[] up = {1, 2, 3, 4};
        DorefaWeightQuantizer q = new DorefaWeightQuantizer(1);
        Shape shape = new Shape(4);
        q.initialize(manager, DataType.FLOAT32, shape);
        Autograd.Result r = Autograd.run(q, manager, w, shape, up, null);
        assertArrayEquals(new float[] {1.0625f, -1.0625f, 1.0625f, -1.0625f}, r.y(), 1e-6f);
        assertArrayEquals(up, r.dx(), 0f);
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void activationsAreQuantizedOnTheFixedUnitRange(int bits) {
        float l = (1 << bits) - 1;
        float[] a = {-0.5f, 0f, 0.5f / l, 1.5f / l, 0.3f, 0.99f, 1f, 1.7f};
        float[] up = {1, 2, 3, 4, 5, 6, 7, 8};
        DorefaActivationQuantizer q = new DorefaActivationQuantizer(bits);
        Shape shape = new Shape(a.length);
        q.initialize(manager, DataType.FLOAT32, shape);
        Autograd.Result r = Autograd.run(q, manager, a, shape, up, null);
        for (int i = 0; i < a.length; i++) {
            float clipped = Math.min(Math.max(a[i], 0f), 1f);
            assertEquals((float) Math.rint(clipped * l) / l, r.y()[i], 1e-6f, "a_q[" + i + "]");
            boolean inside = a[i] >= 0 && a[i] <= 1;
            assertEquals(inside ? up[i] : 0f, r.dx()[i], 1e-6f, "da[" + i + "]");
        }
        var exported = q.export(manager.create(a));
        for (int i = 0; i < a.length; i++) {
            assertEquals(r.y()[i], exported.codes()[i] * exported.scales()[0], 1e-6f);
        }
    }

    @Test
    void unsupportedBitWidthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DorefaWeightQuantizer(0));
        assertThrows(IllegalArgumentException.class, () -> new DorefaActivationQuantizer(9));
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void allZeroAndConstantWeightsGiveFiniteValuesGradientsAndCodes(int bits) {
        Shape shape = new Shape(3, 4);
        float[] up = random(12, 3, 1.0);
        float l = (1 << bits) - 1;
        for (float c : new float[] {0f, 0.3f, -0.7f}) {
            float[] w = new float[12];
            Arrays.fill(w, c);
            DorefaWeightQuantizer q = new DorefaWeightQuantizer(bits);
            q.initialize(manager, DataType.FLOAT32, shape);
            Autograd.Result r = Autograd.run(q, manager, w, shape, up, null);
            assertFinite(r.y(), "w_q");
            assertFinite(r.dx(), "dw");
            var exported = q.export(manager.create(w, shape));
            assertFinite(exported.scales(), "scale");
            double t = Math.tanh(c);
            for (int i = 0; i < w.length; i++) {
                if (bits == 1) { // mean|w| sign(w): 0 for zeros, c itself for a constant
                    assertEquals(c, r.y()[i], 1e-6f, "w_q[" + i + "]");
                    assertEquals(up[i], r.dx()[i], 0f, "dw[" + i + "]");
                } else if (c == 0) {
                    // max|tanh| floored: r = 0 / (2 floor) + 1/2 = 1/2, round(L/2) = 2^(k-1) (half to even),
                    // w_q = 2 * 2^(k-1) / L - 1 = 1/L: code 1; gradient (1 - 0) / floor.
                    assertEquals(1 / l, r.y()[i], 1e-6f, "zeros quantize to 1/L [" + i + "]");
                    assertEquals(1, exported.codes()[i], "code of a zero weight");
                    assertEquals(up[i] / DorefaWeightQuantizer.MIN_MAX_TANH, r.dx()[i], 1e-5 * Math.abs(up[i]) / 1e-8,
                            "dw[" + i + "] = up / floor");
                } else { // r = sign(c)/2 + 1/2: the extreme levels +-1
                    assertEquals(Math.signum(c), r.y()[i], 1e-6f, "w_q[" + i + "]");
                    assertEquals(up[i] * (1 - t * t) / Math.abs(t), r.dx()[i], 1e-5 * Math.max(1, Math.abs(r.dx()[i])), "dw[" + i + "]");
                }
                assertEquals(r.y()[i], exported.codes()[i] * exported.scales()[0], 1e-6f, "code x scale = w_q[" + i + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void allZeroActivationsQuantizeToZeroWithTheInRangeGradient(int bits) {
        float[] a = new float[6];
        float[] up = {1, 2, 3, 4, 5, 6};
        Shape shape = new Shape(a.length);
        DorefaActivationQuantizer q = new DorefaActivationQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, shape);
        Autograd.Result r = Autograd.run(q, manager, a, shape, up, null);
        assertArrayEquals(a, r.y(), 0f);
        assertArrayEquals(up, r.dx(), 0f, "0 is inside the clip range [0, 1] (torch.clamp counts the bounds)");
        assertArrayEquals(new int[a.length], q.export(manager.create(a)).codes());
    }
}
