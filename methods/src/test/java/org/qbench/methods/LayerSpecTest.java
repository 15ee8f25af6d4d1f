package org.qbench.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The conv and linear specs: defaults, fluent changes, and refusals that name the field. */
class LayerSpecTest {

    private static String refusal(Supplier<?> spec) {
        return assertThrows(IllegalArgumentException.class, spec::get).getMessage();
    }

    @Test
    void aConvSpecStartsDenseWithoutBiasAndChangesOneFieldAtATime() {
        ConvSpec c = ConvSpec.of(16, 3, LayerRole.BODY);
        assertEquals(new ConvSpec(16, 3, 1, 0, 1, 1, false, LayerRole.BODY, false, LayerFactory.FLOAT_INPUT), c);
        ConvSpec all = c.withStride(2).withPadding(2).withDilation(2).withGroups(4).withBias(true)
                .withSignedInput(true).withInputBits(12);
        assertEquals(new ConvSpec(16, 3, 2, 2, 2, 4, true, LayerRole.BODY, true, 12), all);
        assertEquals(5, all.dilatedKernel());
        assertEquals(16, all.outputSize(32), "(32 + 4 - 5) / 2 + 1");
        assertEquals(new ConvSpec(16, 3, 1, 0, 1, 1, false, LayerRole.BODY, false, 0), c, "the original is unchanged");
    }

    @Test
    void badConvValuesAreRefusedNamingTheField() {
        ConvSpec c = ConvSpec.of(16, 3, LayerRole.BODY);
        assertEquals("ConvSpec.outChannels must be >= 1, got 0", refusal(() -> ConvSpec.of(0, 3, LayerRole.BODY)));
        assertEquals("ConvSpec.kernel must be >= 1, got 0", refusal(() -> ConvSpec.of(16, 0, LayerRole.BODY)));
        assertEquals("ConvSpec.stride must be >= 1, got 0", refusal(() -> c.withStride(0)));
        assertEquals("ConvSpec.padding must be >= 0, got -1", refusal(() -> c.withPadding(-1)));
        assertEquals("ConvSpec.dilation must be >= 1, got 0", refusal(() -> c.withDilation(0)));
        assertEquals("ConvSpec.groups must be >= 1, got 0", refusal(() -> c.withGroups(0)));
        assertEquals("ConvSpec.groups must divide outChannels (16), got 3", refusal(() -> c.withGroups(3)));
        assertEquals("ConvSpec.inputBits must be 0 (input not on an integer grid) or 1..16, got 17",
                refusal(() -> c.withInputBits(17)));
        assertEquals("ConvSpec.inputBits must be 0 (input not on an integer grid) or 1..16, got -1",
                refusal(() -> c.withInputBits(-1)));
        assertEquals("ConvSpec.role", assertThrows(NullPointerException.class, () -> ConvSpec.of(16, 3, null))
                .getMessage());
    }

    @Test
    void aLinearSpecStartsWithABiasAndIsCheckedTheSameWay() {
        LinearSpec l = LinearSpec.of(10, LayerRole.HEAD);
        assertEquals(new LinearSpec(10, true, LayerRole.HEAD, false, LayerFactory.FLOAT_INPUT), l);
        assertEquals(new LinearSpec(10, false, LayerRole.HEAD, true, 8),
                l.withBias(false).withSignedInput(true).withInputBits(8));
        assertEquals("LinearSpec.units must be >= 1, got 0", refusal(() -> LinearSpec.of(0, LayerRole.MLP)));
        assertEquals("LinearSpec.inputBits must be 0 (input not on an integer grid) or 1..16, got 20",
                refusal(() -> l.withInputBits(20)));
        assertEquals("LinearSpec.role", assertThrows(NullPointerException.class, () -> LinearSpec.of(3, null))
                .getMessage());
    }
}
