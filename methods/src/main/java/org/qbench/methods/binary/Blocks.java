package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Small helpers of this package's blocks. */
final class Blocks {

    private Blocks() {}

    /** {@code value} when it is at least 1; one-line {@link IllegalArgumentException} naming it otherwise. */
    static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }

    /** The single output of {@code block} on {@code x}. */
    static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }
}
