package org.qbench.methods.packqvit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.Granularity;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.ProductKind;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.ResidualStreamRequest;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantMatMul;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.lsqplus.LsqPlusQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.WithManager;

/** PackQViT as a method: options, checks, and the blocks its factory builds for each role. */
class PackQvitMethodTest extends WithManager {

    private static final QuantMethod PACKQVIT = Methods.builtIn().get("packqvit");

    private static LayerFactory layers(int bits, PackQvitOptions options) {
        return PACKQVIT.layers(new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT).withOptions(options));
    }

    @Test
    void isRegisteredRightAfterLsqPlus() {
        List<String> ids = Methods.builtIn().all().stream().map(QuantMethod::id).toList();
        assertEquals(ids.indexOf("lsq+") + 1, ids.indexOf("packqvit"));
        assertEquals(Optional.of(PackQvitOptions.class), PACKQVIT.optionsType());
        assertTrue(PACKQVIT.departures().size() >= 5);
    }

    @Test
    void optionsDefaultToThePapersReadingAndValidate() {
        PackQvitOptions d = new PackQvitOptions(null, null, null, null);
        assertEquals(PackQvitOptions.DEFAULTS, d);
        assertEquals("gelu", d.activation());
        assertEquals(ActivationKind.GELU, d.activationKind());
        assertEquals(true, d.residualQuant());
        assertEquals(-1.0, d.clipMin());
        assertEquals(10.0, d.clipMax());
        assertEquals(ActivationKind.HARDSWISH, new PackQvitOptions("HardSwish", false, -10.0, null).activationKind());
        assertEquals("PackQViT activation 'relu' is not one of gelu, hardswish",
                assertThrows(IllegalArgumentException.class, () -> new PackQvitOptions("relu", null, null, null))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PackQvitOptions(null, null, 10.0, 10.0));
        assertThrows(IllegalArgumentException.class, () -> new PackQvitOptions(null, null, 2.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new PackQvitOptions(null, null, Double.NaN, 1.0));
    }

    @Test
    void checkAcceptsVitsAtTwoToEightBitsAndRefusesOneBitCnnsAndMixedWidths() {
        for (int bits : new int[] {2, 3, 4, 8}) {
            PACKQVIT.check(new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT), TaskKind.VIT_CLASSIFICATION);
        }
        assertEquals("method 'packqvit' does not support 1 bits (supported: [2, 3, 4, 8])",
                assertThrows(IllegalArgumentException.class, () -> PACKQVIT.check(
                        new MethodConfig(1, FirstLastPrecision.EIGHT_BIT), TaskKind.VIT_CLASSIFICATION)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PACKQVIT.check(
                new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), TaskKind.CNN_CLASSIFICATION));
        assertThrows(IllegalArgumentException.class, () -> PACKQVIT.check(
                new MethodConfig(2, 4, FirstLastPrecision.EIGHT_BIT, null), TaskKind.VIT_CLASSIFICATION));
        assertThrows(IllegalArgumentException.class, () -> PACKQVIT.check(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT)
                .withOptions(new org.qbench.methods.lsq.LsqOptions(false)), TaskKind.VIT_CLASSIFICATION));
    }

    @Test
    void linearLayersGetPerChannelLsqWeightsAndZeroPointInputsAndExportPerChannel() {
        QuantizedLayer fc = (QuantizedLayer) layers(3, null).linear(LinearSpec.of(5, LayerRole.MLP).withSignedInput(true));
        LsqQuantizer w = assertInstanceOf(LsqQuantizer.class, fc.weightQuantizer());
        assertEquals(Granularity.PER_CHANNEL, w.spec().granularity());
        assertEquals(3, w.bits());
        LsqPlusQuantizer in = assertInstanceOf(LsqPlusQuantizer.class, fc.inputQuantizer());
        assertEquals(LsqPlusQuantizer.Form.ZERO_POINT, in.form());
        assertEquals(3, in.bits());
        Block block = (Block) fc;
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 4, 6));
        NDArray x = manager.randomNormal(new Shape(2, 4, 6));
        block.forward(new ParameterStore(manager, false), new NDList(x), false);
        assertEquals(6, in.stepSize().length, "one input step per channel of the last axis");
        // One global start for every output channel: 2 mean|W| / sqrt(3).
        float[] weights = fc.weightArray().toFloatArray();
        double mean = 0;
        for (float v : weights) {
            mean += Math.abs(v);
        }
        float expected = (float) (2 * mean / weights.length / Math.sqrt(3));
        float[] steps = w.stepSize();
        assertEquals(5, steps.length);
        for (float s : steps) {
            assertEquals(expected, s, 1e-6f);
        }
        ExportedTensor exported = w.export(fc.weightArray());
        assertEquals(0, exported.channelAxis());
        assertEquals(5, exported.scales().length);
    }

    @Test
    void theStemAndHeadsRunAtEightBitsAndTheStemKeepsTheImageGrid() {
        LayerFactory f = layers(2, null);
        QuantizedLayer stem = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 4, LayerRole.STEM).withStride(4).withBias(true)
                .withSignedInput(true).withInputBits(8));
        assertEquals(8, stem.weightQuantizer().bits());
        assertInstanceOf(IdentityQuantizer.class, stem.inputQuantizer());
        assertEquals(8, stem.inputQuantizer().bits());
        QuantizedLayer head = (QuantizedLayer) f.linear(LinearSpec.of(10, LayerRole.HEAD).withSignedInput(true));
        assertEquals(8, head.weightQuantizer().bits());
        assertEquals(8, head.inputQuantizer().bits());
        QuantizedLayer hidden = (QuantizedLayer) f.linear(LinearSpec.of(10, LayerRole.ATTENTION).withSignedInput(true));
        assertEquals(2, hidden.weightQuantizer().bits());
        assertEquals(2, hidden.inputQuantizer().bits());
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void attentionQuantizesQkvPerHeadAndTakesTheLog2ProbabilitiesAsTheyAre(int bits) {
        LayerFactory f = layers(bits, null);
        QuantMatMul scores = assertInstanceOf(QuantMatMul.class, f.matMul(ProductKind.SCORES, LayerRole.ATTENTION));
        for (var q : List.of(scores.leftQuantizer(), scores.rightQuantizer())) {
            LsqPlusQuantizer zp = assertInstanceOf(LsqPlusQuantizer.class, q);
            assertEquals(LsqPlusQuantizer.Form.ZERO_POINT, zp.form());
            assertEquals(bits, zp.bits());
        }
        QuantMatMul context = assertInstanceOf(QuantMatMul.class, f.matMul(ProductKind.CONTEXT, LayerRole.ATTENTION));
        assertInstanceOf(IdentityQuantizer.class, context.leftQuantizer());
        assertEquals(Math.max(bits, 4), context.leftBits(), "P counted at its log2 width");
        assertInstanceOf(LsqPlusQuantizer.class, context.rightQuantizer());
        assertEquals(bits, context.rightBits());
        Log2Softmax softmax = assertInstanceOf(Log2Softmax.class, f.softmax(-1, LayerRole.ATTENTION));
        assertEquals(Math.max(bits, 4), softmax.bits());
        assertEquals(-1, softmax.axis());
    }

    @Test
    void scoresHaveOneStepPerHead() {
        QuantMatMul scores = (QuantMatMul) layers(4, null).matMul(ProductKind.SCORES, LayerRole.ATTENTION);
        Shape q = new Shape(2, 3, 5, 4);
        Shape kt = new Shape(2, 3, 4, 5);
        scores.initialize(manager, DataType.FLOAT32, q, kt);
        NDArray out = scores.forward(new ParameterStore(manager, false),
                new NDList(manager.randomNormal(q), manager.randomNormal(kt)), false).singletonOrThrow();
        assertEquals(new Shape(2, 3, 5, 5), out.getShape());
        assertEquals(3, ((LsqPlusQuantizer) scores.leftQuantizer()).stepSize().length);
        assertEquals(3, ((LsqPlusQuantizer) scores.rightQuantizer()).stepSize().length);
    }

    @Test
    void theResidualQuantizerFollowsTheOptionAndTheFirstUploadsPlacement() {
        LayerFactory on = layers(4, null);
        assertTrue(on.custom(new ResidualStreamRequest(LayerRole.ATTENTION, 0, 16)).isEmpty(), "not before block 0");
        PtfResidualQuantizer attention = assertInstanceOf(PtfResidualQuantizer.class,
                on.custom(new ResidualStreamRequest(LayerRole.ATTENTION, 1, 16)).orElseThrow());
        assertEquals(4, attention.bits());
        assertInstanceOf(PtfResidualQuantizer.class, on.custom(new ResidualStreamRequest(LayerRole.MLP, 0, 16)).orElseThrow());
        // Never below 4 bits (the first upload's width), at the block width above.
        assertEquals(4, ((PtfResidualQuantizer) layers(2, null).custom(new ResidualStreamRequest(LayerRole.MLP, 0, 16))
                .orElseThrow()).bits());
        assertEquals(8, ((PtfResidualQuantizer) layers(8, null).custom(new ResidualStreamRequest(LayerRole.MLP, 0, 16))
                .orElseThrow()).bits());
        assertTrue(on.custom(() -> LayerRole.BODY).isEmpty(), "other requests are not PackQViT's");
        LayerFactory off = layers(4, new PackQvitOptions(null, false, null, null));
        for (LayerRole role : new LayerRole[] {LayerRole.ATTENTION, LayerRole.MLP}) {
            for (int b = 0; b < 3; b++) {
                assertTrue(off.custom(new ResidualStreamRequest(role, b, 16)).isEmpty(), role + " " + b);
            }
        }
    }

    /** Hardswish then the clip, and their gradient, against the closed form; GELU's clip by value only. */
    @Test
    void theMlpActivationIsTheOptionsActivationClipped() {
        float[] x = {-4f, -3.5f, -2f, -1f, 0f, 0.5f, 2.5f, 3.5f, 9f, 11f, 14f};
        float lo = -0.3f;
        float hi = 10f;
        Block hs = layers(4, new PackQvitOptions("hardswish", null, (double) lo, (double) hi))
                .activation(ActivationKind.GELU, LayerRole.MLP);
        float[] y = new float[x.length];
        float[] dy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            double h = v <= -3 ? 0 : v >= 3 ? v : v * (v + 3) / 6;
            double dh = v <= -3 ? 0 : v >= 3 ? 1 : (2 * v + 3) / 6;
            y[i] = (float) Math.min(Math.max(h, lo), hi);
            dy[i] = h > lo && h < hi ? (float) dh : 0f;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = EngineArrays.of(scope, x);
            in.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = hs.forward(new ParameterStore(scope, false), new NDList(in), true).singletonOrThrow();
                assertArrayEquals(y, out.toFloatArray(), 1e-6f, "hardswish, clipped");
                gc.backward(out.sum());
            }
            assertArrayEquals(dy, in.getGradient().toFloatArray(), 1e-6f, "its gradient: 0 where clipped");
        }
        Block gelu = layers(4, null).activation(ActivationKind.HARDSWISH, LayerRole.MLP);
        NDArray out = gelu.forward(new ParameterStore(manager, false), new NDList(EngineArrays.of(manager, x)), false)
                .singletonOrThrow();
        float[] g = out.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            double exact = 0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2)));
            assertEquals(Math.min(Math.max(exact, -1), 10), g[i], 1e-4, "GELU clipped to [-1, 10] at " + x[i]);
        }
        Block other = layers(4, null).activation(ActivationKind.GELU, LayerRole.ATTENTION);
        NDArray unclipped = other.forward(new ParameterStore(manager, false),
                new NDList(EngineArrays.of(manager, new float[] {14f})), false).singletonOrThrow();
        assertEquals(14f, unclipped.getFloat(), 1e-5f, "other roles keep the default, unclipped");
    }

    /** Abramowitz-Stegun 7.1.26, |error| < 1.5e-7: enough for a 1e-4 check. */
    private static double erf(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z));
        double p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double r = 1 - p * Math.exp(-z * z);
        return z >= 0 ? r : -r;
    }
}
