package org.qbench.methods.pams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.WithManager;

/**
 * PAMS's quantizers against the closed forms of the official {@code pams_quant_act} and {@code quant_weight}, and the
 * method's layers.
 */
class PamsQuantizerTest extends WithManager {

    private PamsActivationQuantizer activations(int bits, float alpha) {
        PamsActivationQuantizer q = new PamsActivationQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, new Shape(1));
        q.setAlpha(alpha);
        return q;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void activationForwardAndGradientsMatchTheClosedForm(int bits) {
        float alpha = 1.5f;
        int qm = (1 << (bits - 1)) - 1;
        float step = alpha / qm;
        Random rnd = new Random(bits);
        float[] v = new float[40];
        float[] up = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * 1.5); // about a third beyond +-alpha
            up[i] = (float) rnd.nextGaussian();
        }
        v[0] = 0.5f * step; // a tie: half to even
        v[1] = -2.5f * step;
        v[2] = 3f;
        v[3] = -4f;
        Shape shape = new Shape(2, 20);
        Autograd.Result r = Autograd.run(activations(bits, alpha), manager, v, shape, up, "alpha");
        double dAlpha = 0;
        for (int i = 0; i < v.length; i++) {
            float c = Math.max(Math.min(v[i], alpha), -alpha);
            float u = c / step;
            double q = Math.rint(u);
            assertEquals((float) q * step, r.y()[i], 0f, "y[" + i + "]");
            boolean inside = Math.abs(v[i]) < alpha;
            assertEquals(inside ? up[i] : 0f, r.dx()[i], 1e-6 * Math.max(1, Math.abs(up[i])), "dx[" + i + "]");
            dAlpha += up[i] * (inside ? (q - u) / qm : Math.signum(v[i]));
        }
        assertEquals(dAlpha, r.dParam()[0], 1e-5 * Math.max(1, Math.abs(dAlpha)), "d/dalpha");
        assertEquals(0f, r.y()[0], "0.5 steps round to even 0");
        assertEquals(qm * step, r.y()[2], 1e-6f, "clipped at alpha");
        assertEquals(-qm * step, r.y()[3], 1e-6f, "clipped at -alpha");
    }

    @Test
    void alphaGradientOutsideIsSignAndInsideTheRoundingResidual() {
        // A fresh quantizer per input: parameter gradients accumulate across backward passes. alpha 2, Q = 3.
        assertEquals(1f, alphaGradient(5f), 1e-6f);
        assertEquals(-1f, alphaGradient(-5f), 1e-6f);
        assertEquals(0.25f / 3, alphaGradient(0.5f), 1e-6f, "v = 0.75 rounds to 1: (1 - 0.75)/3");
        assertEquals(-0.25f / 3, alphaGradient(-0.5f), 1e-6f);
    }

    private float alphaGradient(float x) {
        return Autograd.run(activations(3, 2f), manager, new float[] {x}, new Shape(1), new float[] {1f}, "alpha")
                .dParam()[0];
    }

    @Test
    void alphaStartsFromTheCalibrationBatchesMeanPerSampleMaxAbs() {
        PamsActivationQuantizer q = new PamsActivationQuantizer(4);
        Shape shape = new Shape(2, 3);
        q.initialize(manager, DataType.FLOAT32, shape);
        assertEquals(PamsActivationQuantizer.ALPHA_INIT, q.alpha());
        q.quantize(new ParameterStore(manager, false), manager.create(new float[] {1f, -3f, 2f, 0.5f, 0.25f, -1f}, shape), true);
        assertTrue(q.isCalibrated());
        assertEquals((3f + 1f) / 2, q.alpha(), 1e-6f);
        q.quantize(new ParameterStore(manager, false), manager.create(new float[] {9f, 9f, 9f, 9f, 9f, 9f}, shape), true);
        assertEquals(2f, q.alpha(), 0f, "only the first batch initialises");
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void weightsAreQuantizedByTheirMaxAbsWithAnIdentityGradient(int bits) {
        float[] w = {0.4f, -0.8f, 0.1f, 0.33f, -0.05f, 0.79f};
        Shape shape = new Shape(2, 3);
        float[] up = {1f, -2f, 0.5f, 3f, 1f, -1f};
        PamsWeightQuantizer q = new PamsWeightQuantizer(bits);
        Autograd.Result r = Autograd.run(q, manager, w, shape, up, null);
        int qm = (1 << (bits - 1)) - 1;
        float step = (0.8f + 1e-8f) / qm;
        for (int i = 0; i < w.length; i++) {
            assertEquals((float) Math.rint(w[i] / step) * step, r.y()[i], 0f, "y[" + i + "]");
            assertEquals(up[i], r.dx()[i], 1e-6f);
        }
        assertEquals(-qm * step, r.y()[1], 0f, "the largest weight lands on the last level");
        ExportedTensor e = q.export(manager.create(w, shape));
        assertArrayEquals(new float[] {step}, e.scales());
        for (int i = 0; i < w.length; i++) {
            assertEquals(r.y()[i], e.value(i), 0f);
        }
    }

    @Test
    void activationExportReproducesTheForwardBitForBit() {
        Shape shape = new Shape(2, 3, 4, 4);
        NDArray x = manager.randomNormal(shape);
        PamsActivationQuantizer q = activations(4, 1.3f);
        float[] y = q.quantize(new ParameterStore(manager, false), x, false).toFloatArray();
        ExportedTensor e = q.export(x);
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], e.value(i), 0f, "element " + i);
            assertTrue(Math.abs(e.codes()[i]) <= 7);
        }
    }

    @Test
    void theMethodQuantizesBodyConvsAndTheTailFollowsTheProtocol() {
        QuantMethod pams = Methods.builtIn().get("pams");
        List<String> ids = Methods.builtIn().all().stream().map(QuantMethod::id).toList();
        assertTrue(ids.contains("pams"));
        assertTrue(pams.departures().stream().anyMatch(d -> d.contains("SKT")));
        pams.check(new MethodConfig(2, FirstLastPrecision.FP32), TaskKind.SUPER_RESOLUTION);
        assertThrows(IllegalArgumentException.class,
                () -> pams.check(new MethodConfig(4, FirstLastPrecision.FP32), TaskKind.CNN_CLASSIFICATION));
        LayerFactory f = pams.layers(new MethodConfig(3, FirstLastPrecision.FP32));
        QuantizedLayer body = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 3, LayerRole.BODY));
        assertEquals(3, assertInstanceOf(PamsWeightQuantizer.class, body.weightQuantizer()).bits());
        assertEquals(3, assertInstanceOf(PamsActivationQuantizer.class, body.inputQuantizer()).bits());
        QuantizedLayer up = (QuantizedLayer) f.conv2d(ConvSpec.of(32, 3, LayerRole.UPSAMPLE));
        assertInstanceOf(IdentityQuantizer.class, up.weightQuantizer());
        QuantizedLayer stem = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 3, LayerRole.STEM).withInputBits(8));
        assertEquals(32, stem.weightQuantizer().bits());
        assertTrue(f.subNetworks().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new PamsActivationQuantizer(1));
    }
}
