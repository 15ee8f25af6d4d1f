package org.qbench.tasks.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.quant.EngineArrays;

/** The EDSR network's pixel shuffle, shapes and initial output range. */
class EdsrTest {

    /** PyTorch's PixelShuffle: input channel c r^2 + i r + j goes to output pixel (h r + i, w r + j) of channel c. */
    @Test
    void pixelShuffleMovesEachChannelToItsSubPixel() {
        int r = 2;
        int c = 2;
        int h = 2;
        int w = 3;
        float[] in = new float[c * r * r * h * w];
        for (int i = 0; i < in.length; i++) {
            in[i] = i;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block shuffle = Edsr.pixelShuffle(r);
            float[] out = shuffle.forward(new ParameterStore(m, false),
                    new NDList(EngineArrays.of(m, in, new Shape(1, c * r * r, h, w))), false).singletonOrThrow()
                    .toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h * r; y++) {
                    for (int x = 0; x < w * r; x++) {
                        int source = ((ch * r * r + (y % r) * r + (x % r)) * h + y / r) * w + x / r;
                        assertEquals(in[source], out[(ch * h * r + y) * w * r + x], "channel " + ch + " (" + y + ", " + x + ")");
                    }
                }
            }
        }
    }

    /** The output is the input upscaled, and starts near the DIV2K mean (PyTorch's small default init). */
    @Test
    void upscalesAndStartsNearTheMean() {
        for (int scale : new int[] {2, 3, 4}) {
            Block net = Edsr.build(Methods.builtIn().get("fp32").layers(new MethodConfig(32, FirstLastPrecision.FP32)),
                    new Edsr.Spec(8, 2, scale));
            try (NDManager m = NDManager.newBaseManager()) {
                Shape in = new Shape(1, 3, 6, 5);
                net.initialize(m, DataType.FLOAT32, in);
                float[] x = new float[30 * 3];
                java.util.Arrays.fill(x, 0.5f);
                float[] out = net.forward(new ParameterStore(m, false), new NDList(EngineArrays.of(m, x, in)), false)
                        .singletonOrThrow().toFloatArray();
                assertEquals(3 * 6 * scale * 5 * scale, out.length);
                for (float v : out) {
                    assertEquals(0.45, v, 0.25, "x" + scale + ": initial outputs stay near the mean");
                }
            }
        }
    }

    @Test
    void refusesUnsupportedScalesAndEmptyBodies() {
        assertThrows(IllegalArgumentException.class, () -> new Edsr.Spec(8, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> new Edsr.Spec(8, 0, 2));
        assertArrayEquals(new float[] {0.4488f, 0.4371f, 0.4040f}, Edsr.DIV2K_MEAN);
    }
}
