package org.qbench.methods.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.TaskKind;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.quant.IdentityQuantizer;

/** The first/last-layer protocol by role, with separate weight and activation widths, and method checks. */
class QuantizedLayerFactoryTest {

    private static QuantizedLayer conv(String method, MethodConfig config, ConvSpec spec) {
        LayerFactory f = Methods.builtIn().get(method).layers(config);
        return (QuantizedLayer) f.conv2d(spec);
    }

    private static QuantizedLayer conv(String method, int bits, FirstLastPrecision protocol, LayerRole role) {
        ConvSpec spec = ConvSpec.of(8, 3, role).withPadding(1);
        if (role == LayerRole.STEM) {
            spec = spec.withSignedInput(true).withInputBits(8); // the normalised uint8 image
        }
        return conv(method, new MethodConfig(bits, protocol), spec);
    }

    @Test
    void lsqHiddenLayersQuantizeWeightsAndInputsAtTheRunsBits() {
        QuantizedLayer hidden = conv("lsq", 2, FirstLastPrecision.EIGHT_BIT, LayerRole.BODY);
        assertEquals(2, hidden.weightQuantizer().bits());
        assertEquals(2, hidden.inputQuantizer().bits());
        assertInstanceOf(LsqQuantizer.class, hidden.inputQuantizer());
        assertEquals(false, ((LsqQuantizer) hidden.inputQuantizer()).spec().signed(), "post-ReLU inputs are unsigned");
        assertEquals(true, ((LsqQuantizer) hidden.weightQuantizer()).spec().signed());
    }

    @Test
    void firstAndLastLayersFollowTheProtocol() {
        QuantizedLayer first = conv("lsq", 2, FirstLastPrecision.EIGHT_BIT, LayerRole.STEM);
        assertEquals(8, first.weightQuantizer().bits());
        // The uint8 image is already on an 8-bit grid: no quantizer of its own, but counted as 8 bits.
        assertInstanceOf(IdentityQuantizer.class, first.inputQuantizer());
        assertEquals(8, first.inputQuantizer().bits());
        QuantizedLayer last = conv("lsq", 2, FirstLastPrecision.EIGHT_BIT, LayerRole.HEAD);
        assertEquals(8, last.inputQuantizer().bits());
        assertInstanceOf(LsqQuantizer.class, last.inputQuantizer());

        QuantizedLayer fpFirst = conv("lsq", 2, FirstLastPrecision.FP32, LayerRole.STEM);
        assertEquals(32, fpFirst.weightQuantizer().bits());
        assertEquals(32, fpFirst.inputQuantizer().bits());

        QuantizedLayer same = conv("lsq", 2, FirstLastPrecision.SAME, LayerRole.STEM);
        assertEquals(2, same.inputQuantizer().bits(), "below 8 bits the image itself is quantized");
        assertEquals(true, ((LsqQuantizer) same.inputQuantizer()).spec().signed(), "the normalised image is signed");
    }

    /** Weight and input widths of a layer per role, W2A4, under each protocol; a stem takes the 8-bit image. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "EIGHT_BIT, STEM, 8, 8, first", "EIGHT_BIT, BODY, 2, 4, hidden", "EIGHT_BIT, SKIP, 2, 4, hidden",
        "EIGHT_BIT, ATTENTION, 2, 4, hidden", "EIGHT_BIT, MLP, 2, 4, hidden", "EIGHT_BIT, UPSAMPLE, 8, 8, hidden",
        "EIGHT_BIT, HEAD, 8, 8, last",
        "FP32, STEM, 32, 32, first", "FP32, BODY, 2, 4, hidden", "FP32, SKIP, 2, 4, hidden",
        "FP32, UPSAMPLE, 32, 32, hidden", "FP32, HEAD, 32, 32, last",
        "SAME, STEM, 2, 4, first", "SAME, BODY, 2, 4, hidden", "SAME, UPSAMPLE, 2, 4, hidden",
        "SAME, HEAD, 2, 4, last",
    })
    void eachRoleGetsItsProtocolsWidthsForWeightsAndActivationsSeparately(
            FirstLastPrecision protocol, LayerRole role, int weightBits, int inputBits, String position) {
        MethodConfig config = new MethodConfig(2, 4, protocol, null);
        assertEquals(weightBits, config.weightBitsAt(role));
        assertEquals(inputBits, config.activationBitsAt(role));
        ConvSpec spec = ConvSpec.of(8, 3, role).withSignedInput(role == LayerRole.STEM)
                .withInputBits(role == LayerRole.STEM ? 8 : LayerFactory.FLOAT_INPUT);
        QuantizedLayer layer = conv("lsq", config, spec);
        assertEquals(weightBits, layer.weightQuantizer().bits());
        assertEquals(inputBits, layer.inputQuantizer().bits());
        assertEquals(role, layer.role());
        assertEquals(position, layer.position().name().toLowerCase(java.util.Locale.ROOT), "the recorded position");
        QuantizedLayer linear = (QuantizedLayer) Methods.builtIn().get("lsq").layers(config)
                .linear(LinearSpec.of(5, role));
        assertEquals(weightBits, linear.weightQuantizer().bits());
        assertEquals(inputBits, linear.inputQuantizer().bits());
    }

    @Test
    void rolesMapToTheRecordedPositions() {
        for (LayerRole role : LayerRole.values()) {
            LayerPosition expected = role == LayerRole.STEM ? LayerPosition.FIRST
                    : role == LayerRole.HEAD ? LayerPosition.LAST : LayerPosition.HIDDEN;
            assertEquals(expected, role.position(), role.name());
            assertEquals(role == LayerRole.STEM || role == LayerRole.HEAD || role == LayerRole.UPSAMPLE,
                    role.followsFirstLastProtocol(), "the SR tail follows its output layer");
        }
    }

    /**
     * A stem's input keeps its data grid when the layer's activation width holds it (as the 8-bit image at 8
     * bits always did), and is quantized when it does not (raw 12-bit frames at 8 bits, an 8-bit image at 4).
     */
    @ParameterizedTest(name = "data {0} bits, stem activations at {1} bits")
    @CsvSource({"8, 8, true", "4, 8, true", "12, 8, false", "8, 4, false", "1, 2, true"})
    void aStemWhoseWidthHoldsItsDataKeepsItsInputAsItIs(int dataBits, int stemBits, boolean identity) {
        MethodConfig config = new MethodConfig(stemBits, FirstLastPrecision.SAME);
        QuantizedLayer stem = conv("lsq", config, ConvSpec.of(8, 3, LayerRole.STEM).withSignedInput(true)
                .withInputBits(dataBits));
        if (identity) {
            assertInstanceOf(IdentityQuantizer.class, stem.inputQuantizer());
            assertEquals(dataBits, stem.inputQuantizer().bits(), "counted at the data's width");
        } else {
            assertInstanceOf(LsqQuantizer.class, stem.inputQuantizer());
            assertEquals(stemBits, stem.inputQuantizer().bits());
        }
        QuantizedLayer floatStem = conv("lsq", config, ConvSpec.of(8, 3, LayerRole.STEM).withSignedInput(true));
        assertInstanceOf(LsqQuantizer.class, floatStem.inputQuantizer(), "an input on no grid is quantized");
    }

    @Test
    void fullPrecisionIsIdentityEverywhere() {
        for (LayerRole role : LayerRole.values()) {
            QuantizedLayer layer = conv("fp32", 32, FirstLastPrecision.EIGHT_BIT, role);
            assertEquals(32, layer.weightQuantizer().bits());
            assertEquals(32, layer.inputQuantizer().bits());
        }
    }

    @Test
    void methodsRejectBitsAndTasksTheyDoNotSupport() {
        var lsq = Methods.builtIn().get("lsq");
        assertEquals("method 'lsq' does not support 32 bits (supported: [2, 3, 4, 8])",
                assertThrows(IllegalArgumentException.class, () -> lsq.check(
                        new MethodConfig(32, FirstLastPrecision.EIGHT_BIT), TaskKind.CNN_CLASSIFICATION)).getMessage());
        lsq.check(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), TaskKind.SUPER_RESOLUTION); // a baseline there too
        // An unsigned-only activation grid cannot take a transformer's or an SR body's signed inputs.
        assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("pact")
                .check(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), TaskKind.VIT_CLASSIFICATION));
        lsq.check(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), TaskKind.LOWLIGHT_VIDEO); // BRVE's LSQ baseline
        assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("pams")
                .check(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), TaskKind.LOWLIGHT_VIDEO));
        assertEquals("unknown method 'nope' (known: bicubic, noisy-input, fp32, dorefa, pact, lsq, lsq+, packqvit, n2uq, quantsr, pams, brve, bnn, xnor, dorefa-1bit, bireal, react)",
                assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("nope")).getMessage());
    }

    /** The CNN methods make weight and input quantizers independently, so they take W != A; fp32 does not. */
    @Test
    void mixedWidthsAreAcceptedByTheQatMethodsAndRefusedInOneLineElsewhere() {
        for (String id : new String[] {"lsq", "dorefa", "pact", "n2uq"}) {
            Methods.builtIn().get(id).check(new MethodConfig(2, 4, FirstLastPrecision.EIGHT_BIT, null),
                    TaskKind.CNN_CLASSIFICATION);
            QuantizedLayer body = conv(id, new MethodConfig(4, 8, FirstLastPrecision.EIGHT_BIT, null),
                    ConvSpec.of(8, 3, LayerRole.BODY));
            assertEquals(4, body.weightQuantizer().bits(), id);
            assertEquals(8, body.inputQuantizer().bits(), id);
        }
        assertEquals("method 'lsq' does not support W2A32 (supported: [2, 3, 4, 8])",
                assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("lsq").check(
                        new MethodConfig(2, 32, FirstLastPrecision.EIGHT_BIT, null), TaskKind.CNN_CLASSIFICATION))
                        .getMessage());
        assertEquals("method 'fp32' takes equal weight and activation bits only, not W32A8",
                assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("fp32").check(
                        new MethodConfig(32, 8, FirstLastPrecision.EIGHT_BIT, null), TaskKind.CNN_CLASSIFICATION))
                        .getMessage());
    }

    @Test
    void methodsWithoutOptionsRefuseThemInOneLine() {
        var options = new org.qbench.methods.lsq.LsqOptions(false);
        for (String id : new String[] {"dorefa", "pact", "n2uq"}) {
            var method = Methods.builtIn().get(id);
            int bits = 4;
            assertEquals("method '" + id + "' takes no options, got LsqOptions[gradientScale=false, perChannel=false]",
                    assertThrows(IllegalArgumentException.class, () -> method.check(
                            new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT).withOptions(options),
                            TaskKind.CNN_CLASSIFICATION)).getMessage());
        }
        // fp32 has options of its own (the reference network), so another method's are the wrong type.
        assertEquals("method 'fp32' takes Fp32Options, not LsqOptions[gradientScale=false, perChannel=false]",
                assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("fp32").check(
                        new MethodConfig(32, FirstLastPrecision.EIGHT_BIT).withOptions(options),
                        TaskKind.CNN_CLASSIFICATION)).getMessage());
    }
}
