package org.qbench.methods.quantsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
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
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.quant.IdentityQuantizer;

/** QuantSR as a method: registration, checks, options and the quantizers its factory gives each role. */
class QuantsrMethodTest {

    private static final QuantMethod QUANTSR = Methods.builtIn().get("quantsr");

    private static LayerFactory layers(int bits, FirstLastPrecision firstLast, QuantsrOptions options) {
        return QUANTSR.layers(new MethodConfig(bits, firstLast).withOptions(options));
    }

    @Test
    void isRegisteredAfterN2uqWithItsOptionsAndDepartures() {
        List<String> ids = Methods.builtIn().all().stream().map(QuantMethod::id).toList();
        assertEquals(ids.indexOf("n2uq") + 1, ids.indexOf("quantsr"));
        assertEquals(ids.indexOf("quantsr") + 1, ids.indexOf("pams"));
        assertEquals(Optional.of(QuantsrOptions.class), QUANTSR.optionsType());
        assertTrue(QUANTSR.departures().size() >= 5);
        assertTrue(QUANTSR.departures().get(0).contains("dqa_switch"));
    }

    @Test
    void optionsDefaultToTheMethodAndValidateInOneLine() {
        QuantsrOptions d = new QuantsrOptions(null, null, null, null, null);
        assertEquals(QuantsrOptions.DEFAULTS, d);
        assertEquals(true, d.rlq());
        assertEquals(true, d.dqa());
        assertEquals(0.5, d.dqaSwitch());
        assertEquals(0, d.evalVersion());
        assertEquals(1.0, d.tanhK());
        assertEquals("QuantSR option dqa_switch must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new QuantsrOptions(null, null, 1.5, null, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuantsrOptions(null, null, Double.NaN, null, null));
        assertEquals("QuantSR option eval_version must be 0, 1 or 2, got 3", assertThrows(IllegalArgumentException.class,
                () -> new QuantsrOptions(null, null, null, 3, null)).getMessage());
        assertEquals("QuantSR option eval_version 1 needs dqa=true (without DQA there is one depth)",
                assertThrows(IllegalArgumentException.class, () -> new QuantsrOptions(null, false, null, 1, null))
                        .getMessage());
        assertEquals("QuantSR option tanh_k must be finite and > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new QuantsrOptions(null, null, null, null, 0.0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuantsrOptions(null, null, null, null, Double.POSITIVE_INFINITY));
        QuantsrOptions ablation = new QuantsrOptions(false, null, 0.25, 2, 2.0);
        assertEquals(false, ablation.rlq());
        assertEquals(0.25, ablation.dqaSwitch());
        assertEquals(2, ablation.evalVersion());
    }

    @Test
    void checkAcceptsSuperResolutionAtTwoToEightBitsOnly() {
        for (int bits : new int[] {2, 3, 4, 8}) {
            QUANTSR.check(new MethodConfig(bits, FirstLastPrecision.FP32), TaskKind.SUPER_RESOLUTION);
        }
        assertThrows(IllegalArgumentException.class, () -> QUANTSR.check(
                new MethodConfig(1, FirstLastPrecision.FP32), TaskKind.SUPER_RESOLUTION));
        assertThrows(IllegalArgumentException.class, () -> QUANTSR.check(
                new MethodConfig(4, FirstLastPrecision.FP32), TaskKind.CNN_CLASSIFICATION));
        assertThrows(IllegalArgumentException.class, () -> QUANTSR.check(new MethodConfig(4, FirstLastPrecision.FP32)
                .withOptions(new org.qbench.methods.lsq.LsqOptions(false)), TaskKind.SUPER_RESOLUTION));
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void bodyConvsGetRlqOnWeightsAndInputsTheRestFollowsTheProtocolOrStaysFullPrecision(int bits) {
        LayerFactory f = layers(bits, FirstLastPrecision.FP32, null);
        QuantizedLayer body = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 3, LayerRole.BODY).withSignedInput(true));
        RlqQuantizer w = assertInstanceOf(RlqQuantizer.class, body.weightQuantizer());
        RlqQuantizer in = assertInstanceOf(RlqQuantizer.class, body.inputQuantizer());
        assertEquals(bits, w.bits());
        assertEquals(bits, in.bits());
        assertTrue(in.quantizesActivations());
        assertTrue(!w.quantizesActivations() && w.signed());
        for (LayerRole role : new LayerRole[] {LayerRole.STEM, LayerRole.HEAD, LayerRole.UPSAMPLE}) {
            QuantizedLayer fp = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 3, role));
            assertInstanceOf(IdentityQuantizer.class, fp.weightQuantizer(), role.name());
            assertEquals(32, fp.weightQuantizer().bits());
            assertEquals(32, fp.inputQuantizer().bits());
        }
        LayerFactory eight = layers(bits, FirstLastPrecision.EIGHT_BIT, null);
        QuantizedLayer head = (QuantizedLayer) eight.conv2d(ConvSpec.of(3, 3, LayerRole.HEAD));
        assertEquals(8, head.weightQuantizer().bits());
        QuantizedLayer up = (QuantizedLayer) eight.conv2d(ConvSpec.of(16, 3, LayerRole.UPSAMPLE));
        assertEquals(8, up.weightQuantizer().bits(), "the upsampler follows the protocol, as the head it feeds");
    }

    @Test
    void withoutRlqBodyConvsGetLsqWithTheSpecsSignedness() {
        LayerFactory f = layers(4, FirstLastPrecision.FP32, new QuantsrOptions(false, null, null, null, null));
        QuantizedLayer first = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 3, LayerRole.BODY).withSignedInput(true));
        QuantizedLayer second = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 3, LayerRole.BODY));
        assertInstanceOf(LsqQuantizer.class, first.weightQuantizer());
        assertTrue(assertInstanceOf(LsqQuantizer.class, first.inputQuantizer()).spec().signed());
        assertTrue(!assertInstanceOf(LsqQuantizer.class, second.inputQuantizer()).spec().signed());
        assertTrue(f.subNetworks().isPresent(), "DQA stays on");
    }

    @Test
    void mixedWidthsQuantizeEachOperandAtItsOwn() {
        LayerFactory f = QUANTSR.layers(new MethodConfig(2, 4, FirstLastPrecision.FP32, null));
        QuantizedLayer body = (QuantizedLayer) f.conv2d(ConvSpec.of(8, 3, LayerRole.BODY));
        assertEquals(2, body.weightQuantizer().bits());
        assertEquals(4, body.inputQuantizer().bits());
    }
}
