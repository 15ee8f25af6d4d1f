package org.qbench.tasks.lowlight;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.qbench.methods.quant.EngineArrays;

/**
 * The Charbonnier loss {@code mean(sqrt((y - t)^2 + eps))}, a smooth L1 that BRVE trains with (MMEditing's
 * {@code CharbonnierLoss}, {@code eps = 1e-12}, mean over every element).
 */
public final class CharbonnierLoss extends Loss {

    /** MMEditing's default. */
    public static final float EPS = 1e-12f;

    /** The loss under its usual name. */
    public CharbonnierLoss() {
        super("charbonnier");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray d = predictions.singletonOrThrow().sub(labels.singletonOrThrow());
        return d.square().add(EngineArrays.scalar(d.getManager(), EPS)).sqrt().mean();
    }
}
