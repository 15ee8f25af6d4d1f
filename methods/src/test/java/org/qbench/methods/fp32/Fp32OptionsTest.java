package org.qbench.methods.fp32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.TaskKind;

/** The full-precision method's choice of reference network. */
class Fp32OptionsTest {

    private static MethodConfig config(Fp32Options options) {
        return new MethodConfig(32, FirstLastPrecision.FP32).withOptions(options);
    }

    @Test
    void defaultsToTheTasksOwnNetwork() {
        assertEquals(Fp32Options.TASK, new Fp32Options(null).network());
        assertEquals(Fp32Options.TASK, Fp32Options.networkOf(null));
        assertEquals("unet", Fp32Options.networkOf(new Fp32Options("unet")));
    }

    @Test
    void anUnknownNetworkIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Fp32Options("resnet"));
        assertTrue(e.getMessage().contains("'resnet'") && e.getMessage().contains("unet-single"), e.getMessage());
    }

    @Test
    void onlyLowLightVideoOffersReferenceNetworks() {
        Fp32Method fp32 = new Fp32Method();
        fp32.check(config(new Fp32Options("unet")), TaskKind.LOWLIGHT_VIDEO);
        fp32.check(config(new Fp32Options(null)), TaskKind.CNN_CLASSIFICATION);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fp32.check(config(new Fp32Options("unet-single")), TaskKind.SUPER_RESOLUTION));
        assertTrue(e.getMessage().contains("network=unet-single"), e.getMessage());
    }
}
