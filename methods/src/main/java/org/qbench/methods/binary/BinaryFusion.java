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
 * BRVE's binary fusion block ({@code BinaryConv2dSkip1x1}, framework figure panel (d)), which changes the channel
 * count: {@code y = RPReLU(conv(x + beta)) + skip(x)}, no DACA. The caller builds {@code conv} (binary for BRVE,
 * {@code in -> out}, same spatial size) and {@code skip} (a full-precision 1x1 conv with bias, as released) from the
 * run's layer factory.
 */
public final class BinaryFusion extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LearnableBias bias;
    private final Block conv;
    private final Rprelu rprelu;
    private final Block skip;

    /**
     * A fusion block.
     *
     * @param conv the main conv, {@code in -> out} channels, same spatial size, not yet initialised
     * @param skip1x1 the shortcut conv, {@code in -> out} channels, not yet initialised
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     */
    public BinaryFusion(Block conv, Block skip1x1, int inChannels, int outChannels) {
        super(VERSION);
        this.bias = addChildBlock("bias", new LearnableBias(inChannels));
        this.conv = addChildBlock("conv", conv);
        this.rprelu = addChildBlock("rprelu", new Rprelu(outChannels));
        this.skip = addChildBlock("skip", skip1x1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        bias.initialize(manager, dataType, in);
        conv.initialize(manager, dataType, in);
        rprelu.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {in}));
        skip.initialize(manager, dataType, in);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray main = Blocks.run(conv, parameterStore, Blocks.run(bias, parameterStore, x, training, params),
                training, params);
        NDArray y = Blocks.run(rprelu, parameterStore, main, training, params);
        return new NDList(y.add(Blocks.run(skip, parameterStore, x, training, params)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }
}
