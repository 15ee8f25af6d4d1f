package org.qbench.methods.lsq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantizedLayer;

/** LSQ's options reach its quantizers, and only LSQ's options are accepted. */
class LsqMethodTest {

    private static final QuantMethod LSQ = Methods.builtIn().get("lsq");

    private static LsqQuantizer weightQuantizer(MethodConfig config, LayerRole role) {
        QuantizedLayer layer = (QuantizedLayer) LSQ.layers(config).conv2d(ConvSpec.of(8, 3, role));
        return (LsqQuantizer) layer.weightQuantizer();
    }

    @Test
    void theGradientScaleIsOnByDefaultAndOffWhenTheOptionSaysSo() {
        assertEquals(Optional.of(LsqOptions.class), LSQ.optionsType());
        MethodConfig plain = new MethodConfig(4, FirstLastPrecision.EIGHT_BIT);
        assertTrue(weightQuantizer(plain, LayerRole.BODY).gradientScale());
        assertTrue(weightQuantizer(plain.withOptions(LsqOptions.DEFAULTS), LayerRole.BODY).gradientScale());

        MethodConfig ablation = plain.withOptions(new LsqOptions(false));
        LSQ.check(ablation, TaskKind.CNN_CLASSIFICATION);
        for (LayerRole role : new LayerRole[] {LayerRole.STEM, LayerRole.BODY, LayerRole.HEAD}) {
            QuantizedLayer layer = (QuantizedLayer) LSQ.layers(ablation).conv2d(ConvSpec.of(8, 3, role));
            assertFalse(((LsqQuantizer) layer.weightQuantizer()).gradientScale(), role + " weights");
            if (layer.inputQuantizer() instanceof LsqQuantizer input) {
                assertFalse(input.gradientScale(), role + " inputs");
            }
        }
    }

    @Test
    void optionsOfAnotherTypeAreRefusedInOneLine() {
        record Other(int x) implements org.qbench.methods.MethodOptions {}
        MethodConfig config = new MethodConfig(4, FirstLastPrecision.EIGHT_BIT).withOptions(new Other(1));
        assertEquals("method 'lsq' takes LsqOptions, not Other[x=1]",
                assertThrows(IllegalArgumentException.class, () -> LSQ.check(config, TaskKind.CNN_CLASSIFICATION))
                        .getMessage());
    }
}
