package org.qbench.methods;

import java.util.Set;

/**
 * A quantization method: a stable id, what it supports, how faithful it is to its paper, and the layer
 * factory a task model builds itself from.
 */
public interface QuantMethod {

    /** The stable id used on the command line, in suites and in result files (e.g. {@code lsq}). */
    String id();

    /** One line for {@code qbench list}. */
    String description();

    /** The paper this method follows, as a short citation (empty for the full-precision baseline). */
    String paper();

    /**
     * How this implementation departs from the paper or the official code, one item per departure; empty
     * when it is faithful. Shown in tables beside the method's numbers.
     */
    java.util.List<String> departures();

    /**
     * The implementation's version: bumped when a change in the method moves its numbers, and written into
     * every run spec above 1, so results of an older version are never taken for the current one.
     */
    default int version() {
        return 1;
    }

    /**
     * The method's own optimiser for its quantizer parameters, when it departs from the task's recipe; empty:
     * the recipe's optimiser at its quantizer rate.
     */
    default java.util.Optional<QuantizerAdam> quantizerOptimizer() {
        return java.util.Optional.empty();
    }

    /** The bit widths a run may ask for. */
    Set<Integer> supportedBits();

    /** The task families the method applies to. */
    Set<TaskKind> supportedTasks();

    /** The factory for a run with this config; the config has already been checked by {@link #check}. */
    LayerFactory layers(MethodConfig config);

    /**
     * Checks a config against what the method supports.
     *
     * @throws IllegalArgumentException naming the method, the bad value and the supported ones
     */
    default void check(MethodConfig config, TaskKind task) {
        if (!supportedBits().contains(config.bits())) {
            throw new IllegalArgumentException(
                    "method '" + id() + "' does not support " + config.bits() + " bits (supported: "
                            + new java.util.TreeSet<>(supportedBits()) + ")");
        }
        if (!supportedTasks().contains(task)) {
            throw new IllegalArgumentException(
                    "method '" + id() + "' does not apply to " + task + " tasks (supported: "
                            + supportedTasks() + ")");
        }
    }
}
