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
 * BRVE's distribution-aware binary convolution block (DABC, {@code sr-lowlight.md} §3.2), in = out = C:
 *
 * <pre>  x~ = x + beta;  a = DACA(x~);  y = x + RPReLU(a * conv(x~))</pre>
 *
 * <p>{@code conv} is built by the caller from the run's layer factory: for BRVE a binary conv (sign of {@code x~},
 * {@code alpha sign(W)}, 3x3 or 5x5, padding {@code k/2}, no bias), for the FP32 twin a float conv, for LSQ an LSQ
 * conv; the block works with any of them, as long as it keeps the channels and the spatial size. Without DACA
 * ({@code daca = false}) it is the plain BBCU-style block {@code y = x + RPReLU(conv(x + beta))}: the BiBench
 * baselines' block in place of DABC, and the DACA ablation.
 */
public final class Dabc extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final LearnableBias bias;
    private final Daca attention;
    private final Block conv;
    private final Rprelu rprelu;

    /**
     * A DABC with DACA.
     *
     * @param channels the block's width (input and output)
     * @param conv the convolution, {@code C -> C}, same spatial size, not yet initialised
     */
    public Dabc(int channels, Block conv) {
        this(channels, conv, true);
    }

    /**
     * A DABC, or without DACA the plain binary residual block.
     *
     * @param channels the block's width (input and output)
     * @param conv the convolution, {@code C -> C}, same spatial size, not yet initialised
     * @param daca whether the conv's output is weighted by DACA
     */
    public Dabc(int channels, Block conv, boolean daca) {
        super(VERSION);
        this.channels = Blocks.positive("channels", channels);
        this.bias = addChildBlock("bias", new LearnableBias(channels));
        this.attention = daca ? addChildBlock("daca", new Daca(channels)) : null;
        this.conv = addChildBlock("conv", conv);
        this.rprelu = addChildBlock("rprelu", new Rprelu(channels));
    }

    /** The block's width. */
    public int channels() {
        return channels;
    }

    /** Whether DACA weights the conv's output. */
    public boolean hasDaca() {
        return attention != null;
    }

    /** The convolution. */
    public Block conv() {
        return conv;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        bias.initialize(manager, dataType, in);
        if (attention != null) {
            attention.initialize(manager, dataType, in);
        }
        conv.initialize(manager, dataType, in);
        rprelu.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {in}));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray shifted = Blocks.run(bias, parameterStore, x, training, params);
        NDArray y = Blocks.run(conv, parameterStore, shifted, training, params);
        if (attention != null) {
            y = y.mul(Blocks.run(attention, parameterStore, shifted, training, params));
        }
        return new NDList(x.add(Blocks.run(rprelu, parameterStore, y, training, params)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
