package org.qbench.tasks.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.binary.SpatialShiftVariant;
import org.qbench.methods.brve.BrveShift;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.LayerCost;
import org.qbench.tasks.train.ModelCost;

/** BRVE's network: the released configuration's size, shapes, and what each method changes. */
class BrveNetTest {

    private static final MethodConfig BINARY = new MethodConfig(1, FirstLastPrecision.FP32);
    private static final MethodConfig FULL = new MethodConfig(32, FirstLastPrecision.FP32);

    private static CostBreakdown cost(String method, MethodConfig config, BrveNet.Spec spec) {
        Block net = BrveNet.build(Methods.builtIn().get(method).layers(config), spec);
        return ModelCost.ofShapes("test", net, new Shape(spec.window(), 4, 64, 64));
    }

    /**
     * BRVE's own counter reports 299.59 k parameters for the released network, a binary weight counting 1/32 of a
     * parameter (sr-lowlight.md section 3.6), and the code has 120 binary convolutions: the paper configuration built
     * here has both, so the topology (levels, blocks, skips, fusions, shift units) is the released one.
     */
    @Test
    void theReleasedConfigurationHasBrvesParameterCountAndBinaryConvolutions() {
        CostBreakdown c = cost("brve", BINARY, BrveNet.paper(3));
        assertEquals(120, c.layers().stream().filter(l -> l.weightBits() == 1).count(), "binary convolutions");
        assertEquals(299_590 * 32L, c.total().modelBits(), "storage: 299.59 k float-equivalent parameters");
        assertEquals(32, c.layers().get(0).weightBits(), "the first convolution stays in full precision");
        assertEquals(32, c.layers().get(c.layers().size() - 1).weightBits(), "and the last");
    }

    @Test
    void theFullPrecisionTwinHasTheSameShapesAndMacs() {
        BrveNet.Spec spec = BrveNet.paper(3);
        CostBreakdown binary = cost("brve", BINARY, spec);
        CostBreakdown twin = cost("fp32", FULL, spec);
        assertEquals(binary.total().macs(), twin.total().macs());
        assertEquals(binary.total().params(), twin.total().params());
        assertTrue(twin.ops() > 15 * binary.ops(), "binarizing cuts the Bi-Real OPs: " + twin.ops() + " vs " + binary.ops());
    }

    @Test
    void aClipComesOutWithItsShapeForEveryAblation() {
        BrveNet.Spec base = new BrveNet.Spec(8, 3, 1, 2, List.of(1, 1), List.of(2, 2), 1, BrveShift.SPATIAL_TEMPORAL,
                SpatialShiftVariant.PAPER);
        List<BrveNet.Spec> specs = List.of(base, base.withVariant(1, BrveShift.NONE, SpatialShiftVariant.PAPER),
                base.withVariant(1, BrveShift.TEMPORAL, SpatialShiftVariant.PAPER),
                base.withVariant(1, BrveShift.SPATIAL_TEMPORAL, SpatialShiftVariant.RELEASED),
                base.withVariant(2, BrveShift.SPATIAL_TEMPORAL, SpatialShiftVariant.PAPER), base.withDepth(3));
        for (BrveNet.Spec spec : specs) {
            Block net = BrveNet.build(Methods.builtIn().get("brve").layers(BINARY), spec);
            try (NDManager m = NDManager.newBaseManager()) {
                Shape in = new Shape(1, 3, 4, 16, 16);
                net.initialize(m, DataType.FLOAT32, in);
                float[] x = new float[(int) in.size()];
                java.util.Arrays.fill(x, 0.02f);
                NDList out = net.forward(new ParameterStore(m, false), new NDList(EngineArrays.of(m, x, in)), false);
                assertEquals(in, out.singletonOrThrow().getShape(), spec.describe());
                for (float v : out.singletonOrThrow().toFloatArray()) {
                    assertTrue(Float.isFinite(v), spec.describe());
                }
            }
        }
    }

    @Test
    void ablationsChangeTheNetworkAsTheyShould() {
        BrveNet.Spec base = new BrveNet.Spec(8, 3, 1, 2, List.of(1, 1), List.of(2, 2), 1, BrveShift.SPATIAL_TEMPORAL,
                SpatialShiftVariant.PAPER);
        long full = cost("brve", BINARY, base).total().modelBits();
        // Without the spatial shift the decoder's units lose their fusion convolutions: fewer parameters.
        assertTrue(cost("brve", BINARY, base.withVariant(1, BrveShift.TEMPORAL, SpatialShiftVariant.PAPER)).total()
                .modelBits() < full);
        // The spatial shift is parameter-free: paper and released variants cost the same.
        assertEquals(full, cost("brve", BINARY, base.withVariant(1, BrveShift.SPATIAL_TEMPORAL,
                SpatialShiftVariant.RELEASED)).total().modelBits());
        // Two U-Nets per stage and a deeper U-Net cost more.
        assertTrue(cost("brve", BINARY, base.withVariant(2, BrveShift.SPATIAL_TEMPORAL, SpatialShiftVariant.PAPER))
                .total().modelBits() > full);
        assertTrue(cost("brve", BINARY, base.withDepth(3)).total().modelBits() > full);
    }

    @Test
    void badShapesAreRefusedInOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new BrveNet.Spec(6, 3, 1, 2, List.of(1, 1), List.of(2, 2), 1,
                BrveShift.NONE, SpatialShiftVariant.PAPER));
        assertThrows(IllegalArgumentException.class, () -> new BrveNet.Spec(8, 3, 1, 2, List.of(1), List.of(2, 2), 1,
                BrveShift.NONE, SpatialShiftVariant.PAPER));
    }

    @Test
    void bilinearUpsamplingIsPyTorchsAlignCornersFalse() {
        // 1-D along each axis: out[2i] = 3/4 x[i] + 1/4 x[i-1], out[2i+1] = 3/4 x[i] + 1/4 x[i+1], clamped.
        float[] x = {1, 2, 4, 8, 16, 32};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = VideoUNet.upsample2x(EngineArrays.of(m, x, new Shape(1, 1, 2, 3))).toFloatArray();
            float[][] in = {{1, 2, 4}, {8, 16, 32}};
            float[][] rows = new float[2][6];
            for (int r = 0; r < 2; r++) {
                for (int i = 0; i < 3; i++) {
                    rows[r][2 * i] = 0.75f * in[r][i] + 0.25f * in[r][Math.max(0, i - 1)];
                    rows[r][2 * i + 1] = 0.75f * in[r][i] + 0.25f * in[r][Math.min(2, i + 1)];
                }
            }
            for (int y = 0; y < 4; y++) {
                int i = y / 2;
                int j = y % 2 == 0 ? Math.max(0, i - 1) : Math.min(1, i + 1);
                for (int col = 0; col < 6; col++) {
                    assertEquals(0.75f * rows[i][col] + 0.25f * rows[j][col], out[y * 6 + col], 1e-5f, y + "," + col);
                }
            }
        }
    }

    @Test
    void theReferenceUNetsSeeTheWindowTheirWay() {
        for (VideoUNet.Kind kind : VideoUNet.Kind.values()) {
            Block net = VideoUNet.build(Methods.builtIn().get("fp32").layers(FULL), new VideoUNet.Spec(kind, 8, 3, 3));
            CostBreakdown c = ModelCost.ofShapes("u", net, new Shape(3, 4, 32, 32));
            LayerCost first = c.layers().get(0);
            assertTrue(first.weightShape().startsWith(kind == VideoUNet.Kind.MULTI_FRAME ? "8x12" : "8x4"),
                    kind + ": " + first.weightShape());
        }
    }
}
