package org.qbench.tasks.models;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import java.util.List;

/** The residual sum every model here uses: {@code branch(x) + shortcut(x)}, one DJL block. */
public final class Residual {

    private Residual() {}

    /** {@code branch(x) + shortcut(x)}. */
    public static Block sum(Block branch, Block shortcut) {
        return new ParallelBlock(
                branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(branch, shortcut));
    }

    /** {@code x + branch(x)}. */
    public static Block around(Block branch) {
        return sum(branch, Blocks.identityBlock());
    }
}
