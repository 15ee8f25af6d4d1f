package org.qbench.methods.quantsr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * One residual block of QuantSR's depth-dynamic architecture (DQA): {@code y = alpha_i x + F(x)} with a learnable
 * shortcut scale {@code alpha_i} (a scalar, init 1), and, when the current sub-network skips the block,
 * {@code y = alpha_i x} without running {@code F} ("the skipped QuantSR block only retains the shortcut", issue #2).
 * Which sub-network runs is set by the block's {@link DepthSchedule}; every sub-network shares the block's
 * parameters.
 */
public final class DqaResidual extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int index;
    private final Block body;
    private final Parameter alpha;
    private boolean skipped;

    /**
     * A block around {@code body}.
     *
     * @param index the block's position in the body, from 0
     * @param body the residual branch {@code F}, not yet initialised
     */
    public DqaResidual(int index, Block body) {
        super(VERSION);
        this.index = index;
        this.body = addChildBlock("body", body);
        this.alpha = addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ONES).optShape(new Shape(1)).build());
    }

    /** The block's position in the body, from 0. */
    public int index() {
        return index;
    }

    /** The residual branch {@code F}. */
    public Block body() {
        return body;
    }

    /** The shortcut scale's parameter. */
    public Parameter alphaParameter() {
        return alpha;
    }

    /** The shortcut scale's current value. */
    public float alpha() {
        return alpha.getArray().getFloat();
    }

    /** Whether the current sub-network skips this block. */
    public boolean isSkipped() {
        return skipped;
    }

    /** Set by the schedule when it selects a sub-network. */
    void setSkipped(boolean value) {
        skipped = value;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = org.qbench.methods.quant.StraightThrough.inBatch(
                x, parameterStore.getValue(alpha, x.getDevice(), training));
        NDArray shortcut = x.mul(a);
        if (skipped) {
            return new NDList(shortcut);
        }
        NDArray residual = body.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
        return new NDList(shortcut.add(residual));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
