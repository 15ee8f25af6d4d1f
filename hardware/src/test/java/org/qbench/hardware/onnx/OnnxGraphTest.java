package org.qbench.hardware.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qbench.hardware.onnx.OnnxGraph.ElementType;

/** Graphs built with {@link OnnxGraph} run on ONNX Runtime and give the closed-form values. */
class OnnxGraphTest {

    @Test
    void quantizeDequantizeRoundsHalfToEvenAndSaturates() {
        OnnxGraph g = new OnnxGraph("qdq");
        String x = g.input("x", ElementType.FLOAT, 1, 6);
        String s = g.floats("s", new float[] {0.5f});
        String z = g.bytes("z", ElementType.UINT8, new int[] {0});
        String q = g.node("QuantizeLinear", x, s, z);
        String dq = g.node("DequantizeLinear", q, s, z);
        g.output(g.rename(dq, "y"), ElementType.FLOAT, 1, 6);
        try (OrtModel m = new OrtModel(g.toBytes(), 1)) {
            float[] y = m.run(new float[] {0.25f, 0.75f, 1.2f, -3f, 127.6f, 500f}, 1, 6);
            // 0.25/0.5 = 0.5 -> 0 (even), 0.75/0.5 = 1.5 -> 2, 2.4 -> 2, negative -> 0, 255.2 -> 255, saturate -> 255
            assertArrayEquals(new float[] {0f, 1f, 1f, 0f, 127.5f, 127.5f}, y);
        }
    }

    @Test
    void perChannelDequantizedConvMatchesTheClosedForm() {
        // 1x1 conv, 2 input channels -> 2 output channels, int8 weights with per-channel scales and an int32 bias.
        OnnxGraph g = new OnnxGraph("conv");
        String x = g.input("x", ElementType.FLOAT, -1, 2, 1, 1);
        String w = g.bytes("w", ElementType.INT8, new int[] {1, -2, 3, 127}, 2, 2, 1, 1);
        String ws = g.floats("ws", new float[] {0.5f, 0.25f}, 2);
        String wz = g.bytes("wz", ElementType.INT8, new int[] {0, 0}, 2);
        String wdq = g.node("DequantizeLinear", List.of(w, ws, wz), Map.of("axis", 0));
        String b = g.floats("b", new float[] {1f, -1f}, 2);
        String y = g.node("Conv", x, wdq, b);
        g.output(g.rename(y, "y"), ElementType.FLOAT, -1, 2, 1, 1);
        assertEquals(1, g.count("Conv"));
        try (OrtModel m = new OrtModel(g.toBytes(), 1)) {
            float[] out = m.run(new float[] {2f, 1f}, 1, 2, 1, 1);
            assertArrayEquals(new float[] {0.5f * (2 - 2) + 1f, 0.25f * (6 + 127) - 1f}, out, 1e-6f);
        }
    }

    @Test
    void codesOutsideTheTypeAndTakenNamesAreRefused() {
        OnnxGraph g = new OnnxGraph("bad");
        assertThrows(IllegalArgumentException.class, () -> g.bytes("w", ElementType.INT8, new int[] {128}, 1));
        g.input("x", ElementType.FLOAT, 1);
        assertThrows(IllegalArgumentException.class, () -> g.input("x", ElementType.FLOAT, 1));
        assertTrue(g.fresh("x").startsWith("x_"));
    }

    @Test
    void aModelOrtRejectsIsAOneLineError() {
        OnnxGraph g = new OnnxGraph("broken");
        String x = g.input("x", ElementType.FLOAT, 1, 2);
        g.output(g.rename(g.node("NoSuchOp", x), "y"), ElementType.FLOAT, 1, 2);
        OrtModel.OnnxRuntimeFailure e = assertThrows(OrtModel.OnnxRuntimeFailure.class, () -> new OrtModel(g.toBytes(), 1));
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load the model"), e.getMessage());
    }

    @Test
    void latencyScoreAndErrorFollowTheRounds() {
        Latency l = Latency.of(new double[] {1.0, 1.0, 1.0}, 4);
        assertEquals(1.0, l.meanMillis(), 1e-12);
        assertEquals(0.0, l.errorMillis(), 1e-12);
        Latency spread = Latency.of(new double[] {1.0, 3.0}, 1);
        assertEquals(2.0, spread.meanMillis(), 1e-12);
        assertEquals(636.62 * Math.sqrt(2) / Math.sqrt(2), spread.errorMillis(), 1e-9);
        assertEquals(64_000.0, Latency.of(new double[] {1.0, 1.0}, 1).samplesPerSecond(64), 1e-9);
    }
}
