package org.qbench.tasks;

import java.util.List;
import org.qbench.methods.layers.LayerInterceptor;

/**
 * A check of the trained network's integer path that the caller (the harness) asks a task to run after training,
 * without the task knowing how integers are computed: the task runs one forward pass of its first
 * {@link #samples()} test samples with {@link #perLayer()} installed, then, when {@link #wantsEvaluation()}, its
 * whole evaluation again with {@link #integer()} installed, and hands both sets of metrics to
 * {@link #evaluated}. The shared {@link org.qbench.tasks.train.TrainingLoop} does this for every task.
 */
public interface IntegerCheck {

    /** Test samples the per-layer pass uses. */
    int samples();

    /** Installed around the per-layer pass; it may record and must not change the outputs. */
    LayerInterceptor perLayer();

    /** Whether the per-layer pass found layers worth a whole evaluation with {@link #integer()}. */
    boolean wantsEvaluation();

    /** Installed around the second evaluation; it replaces each layer's output with its integer computation. */
    LayerInterceptor integer();

    /** The metrics of the simulated (fake-quant) evaluation and of the integer one, in the task's order. */
    void evaluated(List<Metric> simulated, List<Metric> integer);
}
