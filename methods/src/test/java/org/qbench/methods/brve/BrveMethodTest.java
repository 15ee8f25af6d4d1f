package org.qbench.methods.brve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.LambdaBlock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.BinaryBlockRequest;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.bibench.BinaryOperatorMethod;
import org.qbench.methods.binary.BinaryActivationQuantizer;
import org.qbench.methods.binary.BinaryOperator;
import org.qbench.methods.binary.BinaryWeightQuantizer;
import org.qbench.methods.binary.Dabc;
import org.qbench.methods.binary.SpatialShiftVariant;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.IdentityQuantizer;

/** BRVE and the BiBench baselines as methods: registration, checks, options, layers by role, binary-block answers. */
class BrveMethodTest {

    private static final List<String> BINARY = List.of("brve", "bnn", "xnor", "dorefa-1bit", "bireal", "react");
    private static final MethodConfig W1 = new MethodConfig(1, FirstLastPrecision.FP32);

    private static BinaryBlockRequest request() {
        return new BinaryBlockRequest(LayerRole.BODY, 8, LambdaBlock.singleton(a -> a));
    }

    @Test
    void registeredAfterPamsInOrder() {
        List<String> ids = Methods.builtIn().all().stream().map(QuantMethod::id).toList();
        int pams = ids.indexOf("pams");
        assertEquals(BINARY, ids.subList(pams + 1, pams + 1 + BINARY.size()));
        for (String id : BINARY) {
            QuantMethod m = Methods.builtIn().get(id);
            assertEquals(Set.of(1), m.supportedBits(), id);
            assertEquals(Set.of(TaskKind.LOWLIGHT_VIDEO), m.supportedTasks(), id);
            assertTrue(!m.departures().isEmpty() && !m.paper().isEmpty() && !m.description().isEmpty(), id);
        }
        assertTrue(Methods.builtIn().get("bnn").paper().contains("BiBench"));
        assertTrue(Methods.builtIn().get("brve").departures().get(0).contains("spatial_shift=released"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"brve", "bnn", "xnor", "dorefa-1bit", "bireal", "react"})
    void checkAcceptsOneBitLowLightVideoWithFloatFirstLastOnly(String id) {
        QuantMethod m = Methods.builtIn().get(id);
        m.check(W1, TaskKind.LOWLIGHT_VIDEO);
        assertThrows(IllegalArgumentException.class, () -> m.check(new MethodConfig(2, FirstLastPrecision.FP32),
                TaskKind.LOWLIGHT_VIDEO));
        assertThrows(IllegalArgumentException.class, () -> m.check(W1, TaskKind.SUPER_RESOLUTION));
        assertEquals("method '" + id + "' keeps the first and last layers in full precision, as BRVE's released "
                + "network; use --first-last fp32, not 8bit", assertThrows(IllegalArgumentException.class,
                        () -> m.check(new MethodConfig(1, FirstLastPrecision.EIGHT_BIT), TaskKind.LOWLIGHT_VIDEO))
                .getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"brve", "bnn", "xnor", "dorefa-1bit", "bireal", "react"})
    void bodyConvsAreBinaryWithTheOperatorAndTheRestFloat(String id) {
        LayerFactory layers = Methods.builtIn().get(id).layers(W1);
        BinaryOperator op = id.equals("brve") ? BinaryOperator.BRVE
                : ((BinaryOperatorMethod) Methods.builtIn().get(id)).operator();
        QuantizedLayer body = (QuantizedLayer) layers.conv2d(ConvSpec.of(8, 3, LayerRole.BODY).withPadding(1));
        assertEquals(op, assertInstanceOf(BinaryWeightQuantizer.class, body.weightQuantizer()).operator());
        assertEquals(op, assertInstanceOf(BinaryActivationQuantizer.class, body.inputQuantizer()).operator());
        assertEquals(1, body.weightQuantizer().bits());
        for (LayerRole role : new LayerRole[] {LayerRole.STEM, LayerRole.HEAD, LayerRole.UPSAMPLE, LayerRole.SKIP}) {
            QuantizedLayer fp = (QuantizedLayer) layers.conv2d(ConvSpec.of(8, 1, role).withBias(true));
            assertInstanceOf(IdentityQuantizer.class, fp.weightQuantizer(), id + " " + role);
            assertEquals(MethodConfig.FULL_PRECISION_BITS, fp.weightQuantizer().bits(), id + " " + role);
            assertEquals(MethodConfig.FULL_PRECISION_BITS, fp.inputQuantizer().bits(), id + " " + role);
        }
    }

    @Test
    void binaryBlockRequestsGetThePlainBlockFromBaselinesAndFromBrveWithoutDaca() {
        for (String id : List.of("bnn", "xnor", "dorefa-1bit", "bireal", "react")) {
            Dabc block = assertInstanceOf(Dabc.class, Methods.builtIn().get(id).layers(W1).custom(request()).orElseThrow());
            assertEquals(false, block.hasDaca(), id);
            assertEquals(8, block.channels());
        }
        for (String id : List.of("brve", "fp32", "lsq")) {
            int bits = id.equals("brve") ? 1 : id.equals("fp32") ? MethodConfig.FULL_PRECISION_BITS : 4;
            assertEquals(Optional.empty(), Methods.builtIn().get(id)
                    .layers(new MethodConfig(bits, FirstLastPrecision.FP32)).custom(request()), id);
        }
        LayerFactory noDaca = Methods.builtIn().get("brve").layers(W1.withOptions(
                new BrveOptions(null, null, null, null, false)));
        assertEquals(false, assertInstanceOf(Dabc.class, noDaca.custom(request()).orElseThrow()).hasDaca());
        assertThrows(IllegalArgumentException.class, () -> new BinaryBlockRequest(LayerRole.BODY, 0,
                LambdaBlock.singleton(a -> a)));
        assertThrows(IllegalArgumentException.class, () -> new BinaryOperatorMethod(BinaryOperator.BRVE));
    }

    @Test
    void optionsDefaultToThePaperAndValidateInOneLine() {
        BrveOptions d = new BrveOptions(null, null, null, null, null);
        assertEquals(BrveOptions.DEFAULTS, d);
        assertEquals("paper", d.spatialShift());
        assertEquals(SpatialShiftVariant.PAPER, d.spatialShiftVariant());
        assertEquals(BrveShift.SPATIAL_TEMPORAL, d.shiftMode());
        assertEquals(1, d.unets());
        assertEquals(null, d.depth());
        assertEquals(3, d.depthOr(3));
        assertEquals(true, d.daca());
        BrveOptions v = new BrveOptions("released", "temporal", 2, 4, false);
        assertEquals(SpatialShiftVariant.RELEASED, v.spatialShiftVariant());
        assertEquals(BrveShift.TEMPORAL, v.shiftMode());
        assertEquals(4, v.depthOr(3));
        assertEquals(BrveShift.NONE, new BrveOptions(null, "none", null, null, null).shiftMode());
        assertEquals("BRVE option unknown spatial shift variant 'code' (known: paper, released)",
                assertThrows(IllegalArgumentException.class, () -> new BrveOptions("code", null, null, null, null))
                        .getMessage());
        assertEquals("BRVE option unknown BRVE shift 'spatial' (known: spatial-temporal, temporal, none)",
                assertThrows(IllegalArgumentException.class, () -> new BrveOptions(null, "spatial", null, null, null))
                        .getMessage());
        assertEquals("BRVE option unets must be 1..3, got 0", assertThrows(IllegalArgumentException.class,
                () -> new BrveOptions(null, null, 0, null, null)).getMessage());
        assertEquals("BRVE option depth must be 2..4, got 5", assertThrows(IllegalArgumentException.class,
                () -> new BrveOptions(null, null, null, 5, null)).getMessage());
        assertEquals(Optional.of(BrveOptions.class), Methods.builtIn().get("brve").optionsType());
        Methods.builtIn().get("brve").check(W1.withOptions(v), TaskKind.LOWLIGHT_VIDEO);
    }

    @Test
    void lsqAndFp32RunOnTheLowLightVideoNetwork() {
        Methods.builtIn().get("lsq").check(new MethodConfig(2, FirstLastPrecision.FP32), TaskKind.LOWLIGHT_VIDEO);
        Methods.builtIn().get("fp32").check(new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.FP32),
                TaskKind.LOWLIGHT_VIDEO);
    }
}
