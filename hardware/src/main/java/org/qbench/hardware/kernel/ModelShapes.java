package org.qbench.hardware.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GEMM shapes of the suite's own CNNs, as convolution via im2col lowers them for a batch of 16 images:
 * {@code m = 16 * OH * OW} output positions, {@code n} output channels, {@code k = Cin * KH * KW}. The quick
 * budget's ResNet-8 (width 8) runs on 28x28 Fashion-MNIST; the paper budget's ResNet-20 (width 16) has
 * 64-channel 3x3 convolutions at 7x7, the largest shape here.
 */
public final class ModelShapes {

    private ModelShapes() {}

    /** Images per batch in every shape. */
    public static final int BATCH = 16;

    private static final Map<String, GemmShape> SHAPES = shapes();

    private static Map<String, GemmShape> shapes() {
        Map<String, GemmShape> m = new LinkedHashMap<>();
        m.put("resnet8w8-stage1-conv", conv(28, 8, 8, 3));      // 3x3, 8 -> 8 at 28x28
        m.put("resnet8w8-stage3-conv", conv(7, 32, 32, 3));     // 3x3, 32 -> 32 at 7x7
        m.put("resnet8w8-fc", new GemmShape(BATCH, 10, 32));    // 32 pooled features -> 10 classes
        m.put("resnet20w16-stage3-conv", conv(7, 64, 64, 3));   // 3x3, 64 -> 64 at 7x7 (paper budget)
        return m;
    }

    /** A stride-1 same-padded square convolution at {@code size x size}, lowered for {@link #BATCH} images. */
    static GemmShape conv(int size, int in, int out, int kernel) {
        return new GemmShape(BATCH * size * size, out, in * kernel * kernel);
    }

    /** Every shape by id, in a fixed order. */
    public static Map<String, GemmShape> all() {
        return SHAPES;
    }

    /** The shape with the most multiply-accumulates. */
    public static String largest() {
        return SHAPES.entrySet().stream().max(java.util.Comparator.comparingLong(e -> e.getValue().macs())).orElseThrow().getKey();
    }

    /**
     * The shape with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static GemmShape get(String id) {
        GemmShape s = SHAPES.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown shape '" + id + "' (known: " + String.join(", ", SHAPES.keySet()) + ")");
        }
        return s;
    }
}
