package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.qbench.methods.quant.StraightThrough;

/**
 * {@code x + beta} with a learnable {@code beta} per channel, init 0 (ReActNet's and BRVE's {@code LearnableBias},
 * "move0"): shaped {@code (C, 1, 1)}, so it broadcasts over NCHW and over {@code (B, T, C, H, W)} alike. A bias
 * ({@link Parameter.Type#BIAS}), so cost tables count it as a full-precision parameter, as BRVE's counter does.
 */
public final class LearnableBias extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Parameter beta;

    /**
     * A bias over {@code channels} channels.
     *
     * @param channels the input's channels
     */
    public LearnableBias(int channels) {
        super(VERSION);
        this.channels = Blocks.positive("channels", channels);
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BIAS)
                .optInitializer(Initializer.ZEROS).optShape(new Shape(channels, 1, 1)).build());
    }

    /** The channel count. */
    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.add(StraightThrough.inBatch(x, parameterStore.getValue(beta, x.getDevice(), training))));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
