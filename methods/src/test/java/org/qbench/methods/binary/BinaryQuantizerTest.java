package org.qbench.methods.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.Quantizer;
import org.qbench.methods.quant.WithManager;

/**
 * The 1-bit quantizers against their closed forms ({@code methods-addendum.md}'s BiBench table, {@code sr-lowlight.md}
 * §3.2): the sign with its 0, each operator's surrogate gradient, XNOR's per-sample scale, ReAct's threshold gradient,
 * the weight mask {@code |W| <= 1} with a detached {@code alpha}, and exports that reproduce the forward bit for bit.
 */
class BinaryQuantizerTest extends WithManager {

    private static final float[] POINTS = {-1.5f, -1f, -0.75f, -0.25f, 0f, 0.25f, 0.5f, 1f, 2f};
    private static final float[] SIGNS = {-1, -1, -1, -1, 0, 1, 1, 1, 1};
    private static final Shape POINT_SHAPE = new Shape(1, 1, 1, POINTS.length);

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOperator.class, names = {"BIREAL", "BRVE"})
    void approxSignHasGradientTwoMinusTwoAbsXInsideTheUnitInterval(BinaryOperator op) {
        Autograd.Result r = Autograd.run(new BinaryActivationQuantizer(op), manager, POINTS, POINT_SHAPE,
                ones(POINTS.length), null);
        assertArrayEquals(SIGNS, r.y(), 0f, "sign, with sign(0) = 0");
        // 2 - 2|x| on |x| < 1, 0 at |x| = 1 and outside.
        assertArrayEquals(new float[] {0, 0, 0.5f, 1.5f, 2, 1.5f, 1, 0, 0}, r.dx(), 1e-6f);
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOperator.class, names = {"BNN", "DOREFA"})
    void clippedSteHasGradientOneWhereAbsXIsAtMostOne(BinaryOperator op) {
        float[] upstream = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Autograd.Result r = Autograd.run(new BinaryActivationQuantizer(op), manager, POINTS, POINT_SHAPE, upstream, null);
        assertArrayEquals(SIGNS, r.y(), 0f);
        assertArrayEquals(new float[] {0, 2, 3, 4, 5, 6, 7, 8, 0}, r.dx(), 0f);
    }

    @Test
    void xnorScalesEachSampleByItsDetachedMeanAbs() {
        float[] x = {0.5f, -1.5f, 1f, 0.2f, -0.4f, 0f};
        Shape shape = new Shape(2, 1, 1, 3);
        Autograd.Result r = Autograd.run(new BinaryActivationQuantizer(BinaryOperator.XNOR), manager, x, shape,
                ones(6), null);
        float k0 = (0.5f + 1.5f + 1f) / 3;
        float k1 = (0.2f + 0.4f + 0f) / 3;
        assertArrayEquals(new float[] {k0, -k0, k0, k1, -k1, 0}, r.y(), 1e-6f);
        // K times the clipped STE, nothing through K: |-1.5| > 1 gets 0.
        assertArrayEquals(new float[] {k0, 0, k0, k1, k1, k1}, r.dx(), 1e-6f);
    }

    @Test
    void reactLearnsItsPerChannelThresholdThroughApproxSign() {
        BinaryActivationQuantizer q = new BinaryActivationQuantizer(BinaryOperator.REACT, 2);
        Shape shape = new Shape(1, 2, 1, 2);
        q.initialize(manager, DataType.FLOAT32, shape);
        assertArrayEquals(new float[] {0, 0}, q.getParameters().get("threshold").getArray().toFloatArray(), 0f,
                "init 0");
        EngineArrays.assign(q.getParameters().get("threshold").getArray(), new float[] {0.5f, -0.5f});
        float[] x = {0.5f, 1f, -1f, 0f};
        float[] upstream = {1, 2, 3, 4};
        Autograd.Result r = Autograd.run(q, manager, x, shape, upstream, "threshold");
        // u = x - tau = {0, 0.5, -0.5, 0.5}
        assertArrayEquals(new float[] {0, 1, -1, 1}, r.y(), 0f);
        assertArrayEquals(new float[] {2, 2, 3, 4}, r.dx(), 1e-6f); // upstream x (2 - 2|u|)
        assertArrayEquals(new float[] {-4, -7}, r.dParam(), 1e-6f); // -sum per channel
    }

    @Test
    void reactReadsItsChannelsFromTheFirstInputAndOnlyReactHasAThreshold() {
        BinaryActivationQuantizer q = new BinaryActivationQuantizer(BinaryOperator.REACT);
        q.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 3, 3));
        assertEquals(new Shape(5, 1, 1), q.getParameters().get("threshold").getArray().getShape());
        assertEquals(0, new BinaryActivationQuantizer(BinaryOperator.BRVE).getParameters().size());
        assertEquals(1, q.bits());
        assertThrows(IllegalArgumentException.class, () -> new BinaryActivationQuantizer(BinaryOperator.REACT, -1));
    }

    @ParameterizedTest
    @EnumSource(BinaryOperator.class)
    void weightsAreAlphaSignWithTheMaskAsGradientAndNoAlphaTerm(BinaryOperator op) {
        float[] w = {0.5f, -1.5f, 0f, 1f, -0.25f, 2f};
        float[] upstream = {1, 2, 3, 4, 5, 6};
        Autograd.Result r = Autograd.run(new BinaryWeightQuantizer(op), manager, w, new Shape(2, 1, 1, 3), upstream,
                null);
        float a0 = op == BinaryOperator.BNN ? 1 : (0.5f + 1.5f + 0f) / 3;
        float a1 = op == BinaryOperator.BNN ? 1 : (1f + 0.25f + 2f) / 3;
        assertArrayEquals(new float[] {a0, -a0, 0, a1, -a1, a1}, r.y(), 1e-6f);
        // Exactly upstream x 1(|W| <= 1): alpha is detached, so no mean|W| term reaches W.
        assertArrayEquals(new float[] {1, 0, 3, 4, 5, 0}, r.dx(), 0f);
    }

    private float[] forward(Quantizer q, NDArray x) {
        return q.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static void assertExportIsForward(ExportedTensor e, float[] y) {
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], e.value(i), 0f, "element " + i);
            assertEquals(Math.abs(e.codes()[i]) <= 1, true, "code " + e.codes()[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOperator.class)
    void exportsReproduceTheForwardBitForBit(BinaryOperator op) {
        Random rnd = new Random(7);
        Shape shape = new Shape(3, 4, 5, 5);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 17 == 0 ? 0f : (float) rnd.nextGaussian() * 1.3f;
        }
        NDArray x = manager.create(v, shape);

        BinaryActivationQuantizer a = new BinaryActivationQuantizer(op);
        a.initialize(manager, DataType.FLOAT32, shape);
        if (op.learnableThreshold()) {
            EngineArrays.assign(a.getParameters().get("threshold").getArray(), new float[] {0.1f, -0.3f, 0f, v[5]});
        }
        ExportedTensor ea = a.export(x);
        assertExportIsForward(ea, forward(a, x));
        assertEquals(op.sampleScale() ? 0 : -1, ea.channelAxis());
        if (!op.learnableThreshold()) {
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i] == 0f, ea.codes()[i] == 0, "a 0 code only where x is 0, element " + i);
            }
        }

        BinaryWeightQuantizer w = new BinaryWeightQuantizer(op);
        ExportedTensor ew = w.export(x);
        assertExportIsForward(ew, forward(w, x));
        assertEquals(op.weightScale() ? 0 : -1, ew.channelAxis());
        assertEquals(op.weightScale() ? 3 : 1, ew.scales().length);
    }
}
