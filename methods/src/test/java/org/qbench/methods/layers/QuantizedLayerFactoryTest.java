package org.qbench.methods.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.TaskKind;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.quant.IdentityQuantizer;

/** The first/last-layer protocol as the layer factory applies it, and method checks. */
class QuantizedLayerFactoryTest {

    private static QuantizedLayer conv(String method, int bits, FirstLastPrecision protocol, LayerPosition position) {
        LayerFactory f = Methods.builtIn().get(method).layers(new MethodConfig(bits, protocol));
        return (QuantizedLayer) f.conv2d(8, 3, 1, 1, position, position == LayerPosition.FIRST);
    }

    @Test
    void lsqHiddenLayersQuantizeWeightsAndInputsAtTheRunsBits() {
        QuantizedLayer hidden = conv("lsq", 2, FirstLastPrecision.EIGHT_BIT, LayerPosition.HIDDEN);
        assertEquals(2, hidden.weightQuantizer().bits());
        assertEquals(2, hidden.inputQuantizer().bits());
        assertInstanceOf(LsqQuantizer.class, hidden.inputQuantizer());
        assertEquals(false, ((LsqQuantizer) hidden.inputQuantizer()).spec().signed(), "post-ReLU inputs are unsigned");
        assertEquals(true, ((LsqQuantizer) hidden.weightQuantizer()).spec().signed());
    }

    @Test
    void firstAndLastLayersFollowTheProtocol() {
        QuantizedLayer first = conv("lsq", 2, FirstLastPrecision.EIGHT_BIT, LayerPosition.FIRST);
        assertEquals(8, first.weightQuantizer().bits());
        // The uint8 image is already on an 8-bit grid: no quantizer of its own, but counted as 8 bits.
        assertInstanceOf(IdentityQuantizer.class, first.inputQuantizer());
        assertEquals(8, first.inputQuantizer().bits());
        QuantizedLayer last = conv("lsq", 2, FirstLastPrecision.EIGHT_BIT, LayerPosition.LAST);
        assertEquals(8, last.inputQuantizer().bits());
        assertInstanceOf(LsqQuantizer.class, last.inputQuantizer());

        QuantizedLayer fpFirst = conv("lsq", 2, FirstLastPrecision.FP32, LayerPosition.FIRST);
        assertEquals(32, fpFirst.weightQuantizer().bits());
        assertEquals(32, fpFirst.inputQuantizer().bits());

        QuantizedLayer same = conv("lsq", 2, FirstLastPrecision.SAME, LayerPosition.FIRST);
        assertEquals(2, same.inputQuantizer().bits(), "below 8 bits the image itself is quantized");
        assertEquals(true, ((LsqQuantizer) same.inputQuantizer()).spec().signed(), "the normalised image is signed");
    }

    @Test
    void fullPrecisionIsIdentityEverywhere() {
        for (LayerPosition p : LayerPosition.values()) {
            QuantizedLayer layer = conv("fp32", 32, FirstLastPrecision.EIGHT_BIT, p);
            assertEquals(32, layer.weightQuantizer().bits());
            assertEquals(32, layer.inputQuantizer().bits());
        }
    }

    @Test
    void methodsRejectBitsAndTasksTheyDoNotSupport() {
        var lsq = Methods.builtIn().get("lsq");
        assertEquals("method 'lsq' does not support 32 bits (supported: [2, 3, 4, 8])",
                assertThrows(IllegalArgumentException.class,
                        () -> lsq.check(new MethodConfig(32, FirstLastPrecision.EIGHT_BIT), TaskKind.CNN_CLASSIFICATION)).getMessage());
        lsq.check(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), TaskKind.SUPER_RESOLUTION); // a baseline there too
        assertThrows(IllegalArgumentException.class,
                () -> lsq.check(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), TaskKind.LOWLIGHT_VIDEO));
        assertEquals("unknown method 'packqvit' (known: fp32, dorefa, pact, lsq, n2uq)",
                assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("packqvit")).getMessage());
    }
}
