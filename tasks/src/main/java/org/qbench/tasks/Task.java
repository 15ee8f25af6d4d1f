package org.qbench.tasks;

import java.nio.file.Path;
import java.util.Optional;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/** A benchmark task: data, model, loss, metrics and the budget-dependent training recipe. */
public interface Task {

    /** The stable id used on the command line, in suites and in result files (e.g. {@code cls-fmnist}). */
    String id();

    /** One line for {@code qbench list}. */
    String description();

    /**
     * The task's version: bumped when a change in the task (data, model, recipe, metric) moves its numbers, and
     * written into every run spec above 1, so results of an older version are never taken for the current one.
     */
    default int version() {
        return 1;
    }

    /**
     * The trained models of other cells this task's runs read unless told not to, by {@link RunArtifacts} role:
     * a distilling task's teacher. {@code qbench run} trains them first; a suite lists them per method. Empty by
     * default.
     */
    default java.util.Map<String, TaskInput> inputs() {
        return java.util.Map.of();
    }

    /** The task family, which decides which methods apply. */
    TaskKind kind();

    /**
     * Locates and checks the task's data (fetching it where the task allows), so a grid fails on missing or
     * corrupt data before its first cell rather than hours in.
     *
     * @throws org.qbench.tasks.data.DataException when the data is missing or corrupt
     */
    void prepareData(Optional<Path> dataDir);

    /**
     * Trains and evaluates one model.
     *
     * @throws DivergedException when the loss stops being finite
     * @throws org.qbench.tasks.data.DataException when the data is missing or corrupt
     */
    TaskOutcome run(TaskContext context);

    /**
     * The cost, layer by layer, of the model this task trains for a method, configuration and budget, worked
     * out from shapes alone: no data is read and nothing is trained. Equal to the cost a run records.
     */
    CostBreakdown cost(QuantMethod method, MethodConfig config, Budget budget);
}
