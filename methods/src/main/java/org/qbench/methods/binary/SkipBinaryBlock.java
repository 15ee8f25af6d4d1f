package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What BRVE's channel-changing binary blocks share: {@code y = RPReLU(conv(x + beta)) + skip(s(x))}, with a learnable
 * bias before the (binary) conv, RPReLU after it and a full-precision shortcut conv on {@code s(x)}, the input
 * itself ({@link BinaryFusion}) or its 2x2 average ({@link BinaryDown}).
 */
abstract class SkipBinaryBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LearnableBias bias;
    private final Block conv;
    private final Rprelu rprelu;
    private final Block skip;

    SkipBinaryBlock(Block conv, Block skip, int in, int out) {
        super(VERSION);
        this.bias = addChildBlock("bias", new LearnableBias(in));
        this.conv = addChildBlock("conv", conv);
        this.rprelu = addChildBlock("rprelu", new Rprelu(out));
        this.skip = addChildBlock("skip", skip);
    }

    /** The shortcut's input for an input of {@code x}: x itself or a resampled x. */
    abstract NDArray shortcutInput(NDArray x);

    /** The shape of {@link #shortcutInput} for an input of {@code in}; checks the input. */
    abstract Shape shortcutShape(Shape in);

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape shortcut = shortcutShape(in);
        bias.initialize(manager, dataType, in);
        conv.initialize(manager, dataType, in);
        rprelu.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {in}));
        skip.initialize(manager, dataType, shortcut);
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray main = Blocks.run(conv, parameterStore, Blocks.run(bias, parameterStore, x, training, params),
                training, params);
        NDArray y = Blocks.run(rprelu, parameterStore, main, training, params);
        return new NDList(y.add(Blocks.run(skip, parameterStore, shortcutInput(x), training, params)));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }
}
