package org.qbench.methods;

import java.util.Map;

/**
 * Sub-networks a method trains inside one model, with shared weights: QuantSR's depth-dynamic architecture
 * forwards the same batch at three depths per step and sums the weighted losses. A task that supports it asks its
 * layer factory ({@link LayerFactory#subNetworks()}) after building the model, and then, for each training step,
 * calls {@link #forwards}, and before each forward {@link #select}; before evaluating (and before anything else
 * runs the trained model: cost, parity, export) {@link #selectForEvaluation}.
 *
 * <p>Implementations are stateful (which blocks each sub-network skips is decided during training) and belong to
 * one model.
 */
public interface SubNetworks {

    /**
     * The loss weights of the forwards of one training step: one weight per forward, summing to 1. Called once per
     * step, in order, before the step's first forward; a stage switch (ranking blocks, say) happens inside it.
     *
     * @param step the step, from 0
     * @param steps the run's total number of training steps
     */
    double[] forwards(int step, int steps);

    /** Configures the network for forward {@code forward} (from 0) of the current step. */
    void select(int forward);

    /** Configures the network as it is evaluated and deployed. */
    void selectForEvaluation();

    /**
     * What the schedule did, for the run's recipe: the stage switch, the ranking and the blocks each sub-network
     * keeps (a JSON-friendly map of strings, numbers and lists).
     */
    Map<String, Object> describe();
}
