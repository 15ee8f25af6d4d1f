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
        return new Sum(branch, shortcut);
    }

    /**
     * The block {@link #sum} makes: a parallel block whose join is the element-wise sum of its two branches, a
     * class of its own so that a model exporter can tell it from other parallel blocks.
     */
    public static final class Sum extends ParallelBlock {

        Sum(Block branch, Block shortcut) {
            super(branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                    List.of(branch, shortcut));
        }

        /** The residual branch. */
        public Block branch() {
            return getChildren().get(0).getValue();
        }

        /** The shortcut. */
        public Block shortcut() {
            return getChildren().get(1).getValue();
        }
    }

    /** {@code x + branch(x)}. */
    public static Block around(Block branch) {
        return sum(branch, Blocks.identityBlock());
    }
}
