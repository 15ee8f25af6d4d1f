package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * BRVE's down-sampling block: {@code y = RPReLU(conv(x + beta)) + skip(avgpool2x2(x))}, with {@code conv} a 3x3
 * stride-2 conv (binary, with bias, for BRVE) and {@code skip} a full-precision 1x1 conv, both built by the caller.
 * H and W must be even, so the stride-2 conv (padding 1) and the 2x2 pooling give the same size, as in the released
 * network (its crops are multiples of 8).
 */
public final class BinaryDown extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final Shape POOL = new Shape(2, 2);

    private final LearnableBias bias;
    private final Block conv;
    private final Rprelu rprelu;
    private final Block skip;

    /**
     * A down-sampling block.
     *
     * @param conv3x3s2 the main conv, {@code in -> out} channels, stride 2, not yet initialised
     * @param skip1x1 the shortcut conv on the pooled input, {@code in -> out} channels, not yet initialised
     * @param in the input's channels
     * @param out the output's channels
     */
    public BinaryDown(Block conv3x3s2, Block skip1x1, int in, int out) {
        super(VERSION);
        this.bias = addChildBlock("bias", new LearnableBias(in));
        this.conv = addChildBlock("conv", conv3x3s2);
        this.rprelu = addChildBlock("rprelu", new Rprelu(out));
        this.skip = addChildBlock("skip", skip1x1);
    }

    private static Shape pooled(Shape in) {
        return new Shape(in.get(0), in.get(1), in.get(2) / 2, in.get(3) / 2);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.get(2) % 2 != 0 || in.get(3) % 2 != 0) {
            throw new IllegalArgumentException("BinaryDown needs an even height and width, got " + in);
        }
        bias.initialize(manager, dataType, in);
        conv.initialize(manager, dataType, in);
        rprelu.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {in}));
        skip.initialize(manager, dataType, pooled(in));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray main = Blocks.run(conv, parameterStore, Blocks.run(bias, parameterStore, x, training, params),
                training, params);
        NDArray y = Blocks.run(rprelu, parameterStore, main, training, params);
        NDArray pooled = Pool.avgPool2d(x, POOL, POOL, new Shape(0, 0), false, true);
        return new NDList(y.add(Blocks.run(skip, parameterStore, pooled, training, params)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }
}
