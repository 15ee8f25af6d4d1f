package org.qbench.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Widths, the compatibility constructor, and options of a method config. */
class MethodConfigTest {

    private record Ablation(boolean on) implements MethodOptions {}

    private record Other(int x) implements MethodOptions {}

    @Test
    void theCompatibilityConstructorMeansEqualWidthsAndNoOptions() {
        MethodConfig c = new MethodConfig(4, FirstLastPrecision.EIGHT_BIT);
        assertEquals(new MethodConfig(4, 4, FirstLastPrecision.EIGHT_BIT, null), c);
        assertTrue(c.equalBits());
        assertEquals(4, c.bits());
        assertNull(c.options());
        assertEquals("W4A4", c.label());
        assertEquals("FP32", new MethodConfig(32, FirstLastPrecision.FP32).label());
    }

    @Test
    void mixedWidthsHaveNoSingleWidth() {
        MethodConfig c = new MethodConfig(2, 8, FirstLastPrecision.SAME, null);
        assertFalse(c.equalBits());
        assertEquals("W2A8 has no single bit width", assertThrows(IllegalStateException.class, c::bits).getMessage());
    }

    @Test
    void badWidthsAreRefusedNamingTheOperandWhenTheyDiffer() {
        assertEquals("unsupported bit width 9 (1..8, or 32 for full precision)",
                assertThrows(IllegalArgumentException.class, () -> new MethodConfig(9, FirstLastPrecision.SAME))
                        .getMessage());
        assertEquals("unsupported weight bit width 0 (1..8, or 32 for full precision)",
                assertThrows(IllegalArgumentException.class,
                        () -> new MethodConfig(0, 4, FirstLastPrecision.SAME, null)).getMessage());
        assertEquals("unsupported activation bit width 16 (1..8, or 32 for full precision)",
                assertThrows(IllegalArgumentException.class,
                        () -> new MethodConfig(4, 16, FirstLastPrecision.SAME, null)).getMessage());
        assertThrows(NullPointerException.class, () -> new MethodConfig(4, 4, null, null));
    }

    @Test
    void aFullPrecisionOperandStaysFullPrecisionAtTheBoundaries() {
        MethodConfig c = new MethodConfig(32, 4, FirstLastPrecision.EIGHT_BIT, null);
        assertEquals(32, c.weightBitsAt(LayerRole.STEM));
        assertEquals(8, c.activationBitsAt(LayerRole.STEM));
        assertEquals(32, c.weightBitsAt(LayerRole.BODY));
        assertEquals(4, c.activationBitsAt(LayerRole.ATTENTION));
    }

    @Test
    void optionsComeBackAsTheirTypeOrAsTheDefaults() {
        Ablation defaults = new Ablation(true);
        MethodConfig plain = new MethodConfig(4, FirstLastPrecision.EIGHT_BIT);
        assertSame(defaults, plain.optionsOr(Ablation.class, defaults));
        MethodConfig set = plain.withOptions(new Ablation(false));
        assertEquals(new Ablation(false), set.optionsOr(Ablation.class, defaults));
        assertEquals(4, set.bits(), "options change nothing else");
        assertEquals("expected Ablation, got Other[x=1]", assertThrows(IllegalArgumentException.class,
                () -> plain.withOptions(new Other(1)).optionsOr(Ablation.class, defaults)).getMessage());
    }
}
