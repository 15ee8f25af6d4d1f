package org.qbench.methods;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
    List<String> departures();

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
    default Optional<QuantizerAdam> quantizerOptimizer() {
        return Optional.empty();
    }

    /**
     * Whether the method trains a network: false for a reference that computes its output in closed form (the
     * bicubic interpolation every super-resolution table shows), which a task then evaluates without a model and
     * whose {@link #layers} it never asks for.
     */
    default boolean trains() {
        return true;
    }

    /** The bit widths a run may ask for, for weights and activations alike. */
    Set<Integer> supportedBits();

    /**
     * Whether weights and activations may have different widths (each in {@link #supportedBits()}); false:
     * only {@code W == A}.
     */
    default boolean supportsMixedBits() {
        return false;
    }

    /** The type of the method's {@link MethodOptions}, or empty when it has none. */
    default Optional<Class<? extends MethodOptions>> optionsType() {
        return Optional.empty();
    }

    /** The task families the method applies to. */
    Set<TaskKind> supportedTasks();

    /** The factory for a run with this config; the config has already been checked by {@link #check}. */
    LayerFactory layers(MethodConfig config);

    /**
     * Checks a config against what the method supports: its widths, its options and the task family.
     *
     * @throws IllegalArgumentException in one line naming the method, the bad value and what is supported
     */
    default void check(MethodConfig config, TaskKind task) {
        String supported = " (supported: " + new TreeSet<>(supportedBits()) + ")";
        if (config.equalBits()) {
            if (!supportedBits().contains(config.bits())) {
                throw new IllegalArgumentException(
                        "method '" + id() + "' does not support " + config.bits() + " bits" + supported);
            }
        } else if (!supportsMixedBits()) {
            throw new IllegalArgumentException("method '" + id() + "' takes equal weight and activation bits only, not "
                    + config.label());
        } else if (!supportedBits().containsAll(Set.of(config.weightBits(), config.activationBits()))) {
            throw new IllegalArgumentException("method '" + id() + "' does not support " + config.label() + supported);
        }
        MethodOptions options = config.options();
        if (options != null) {
            Optional<Class<? extends MethodOptions>> type = optionsType();
            if (type.isEmpty()) {
                throw new IllegalArgumentException("method '" + id() + "' takes no options, got " + options);
            }
            if (!type.get().isInstance(options)) {
                throw new IllegalArgumentException(
                        "method '" + id() + "' takes " + type.get().getSimpleName() + ", not " + options);
            }
        }
        if (!supportedTasks().contains(task)) {
            throw new IllegalArgumentException(
                    "method '" + id() + "' does not apply to " + task + " tasks (supported: "
                            + supportedTasks() + ")");
        }
    }
}
