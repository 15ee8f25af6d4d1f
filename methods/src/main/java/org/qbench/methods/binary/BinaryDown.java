package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;

/**
 * BRVE's down-sampling block: {@code y = RPReLU(conv(x + beta)) + skip(avgpool2x2(x))}, with {@code conv} a 3x3
 * stride-2 conv (binary, with bias, for BRVE) and {@code skip} a full-precision 1x1 conv, both built by the caller.
 * H and W must be even, so the stride-2 conv (padding 1) and the 2x2 pooling give the same size, as in the released
 * network (its crops are multiples of 8).
 */
public final class BinaryDown extends SkipBinaryBlock {

    private static final Shape POOL = new Shape(2, 2);

    /**
     * A down-sampling block.
     *
     * @param conv3x3s2 the main conv, {@code in -> out} channels, stride 2, not yet initialised
     * @param skip1x1 the shortcut conv on the pooled input, {@code in -> out} channels, not yet initialised
     * @param in the input's channels
     * @param out the output's channels
     */
    public BinaryDown(Block conv3x3s2, Block skip1x1, int in, int out) {
        super(conv3x3s2, skip1x1, in, out);
    }

    @Override
    NDArray shortcutInput(NDArray x) {
        return Pool.avgPool2d(x, POOL, POOL, new Shape(0, 0), false, true);
    }

    @Override
    Shape shortcutShape(Shape in) {
        if (in.get(2) % 2 != 0 || in.get(3) % 2 != 0) {
            throw new IllegalArgumentException("BinaryDown needs an even height and width, got " + in);
        }
        return new Shape(in.get(0), in.get(1), in.get(2) / 2, in.get(3) / 2);
    }
}
