package org.qbench.methods.dorefa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.TaskKind;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.EngineArrays;

/** DoReFa's signed activation grid (the SR body's residual stream): [-1, 1] on 2^(k-1) - 1 steps a side. */
class DorefaSignedTest {

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void signedInputsClipToPlusMinusOneOnASymmetricGridWithAStraightThroughGradient(int bits) {
        int m = (1 << (bits - 1)) - 1;
        float[] x = {-2f, -1f, -0.4f, -0.01f, 0f, 0.26f, 0.5f, 0.99f, 1.5f};
        DorefaActivationQuantizer q = new DorefaActivationQuantizer(bits, true);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] ones = new float[x.length];
            java.util.Arrays.fill(ones, 1f);
            Autograd.Result r = Autograd.run(q, manager, x, new Shape(x.length), ones, null);
            float[] y = r.y();
            float[] grad = r.dx();
            for (int i = 0; i < x.length; i++) {
                double clipped = Math.max(-1, Math.min(1, x[i]));
                assertEquals(Math.rint(clipped * m) / m, y[i], 1e-6, "x = " + x[i]);
                assertEquals(Math.abs(x[i]) <= 1 ? 1f : 0f, grad[i], "gradient at " + x[i]);
            }
            NDArray a = EngineArrays.of(manager, x, new Shape(x.length));
            int[] codes = q.export(a).codes();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Math.rint(Math.max(-1, Math.min(1, x[i])) * m), codes[i], 0, "code of " + x[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 4})
    void unsignedInputsKeepDorefasZeroToOneGrid(int bits) {
        DorefaActivationQuantizer q = new DorefaActivationQuantizer(bits);
        int l = (1 << bits) - 1;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] x = {-0.5f, 0.2f, 0.7f, 3f};
            float[] y = q.quantize(new ParameterStore(manager, false), EngineArrays.of(manager, x), false).toFloatArray();
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = (float) (Math.rint(Math.max(0, Math.min(1, x[i])) * l) / l);
            }
            assertArrayEquals(expected, y, 1e-6f);
        }
    }

    @org.junit.jupiter.api.Test
    void oneSignedBitIsRefusedAndTheMethodServesSuperResolution() {
        assertThrows(IllegalArgumentException.class, () -> new DorefaActivationQuantizer(1, true));
        Methods.builtIn().get("dorefa").check(new MethodConfig(2, FirstLastPrecision.FP32), TaskKind.SUPER_RESOLUTION);
        assertThrows(IllegalArgumentException.class, () -> Methods.builtIn().get("dorefa")
                .check(new MethodConfig(2, FirstLastPrecision.FP32), TaskKind.VIT_CLASSIFICATION));
    }
}
