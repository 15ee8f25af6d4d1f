package org.qbench.tasks;

import org.qbench.methods.TaskKind;

/** A benchmark task: data, model, loss, metrics and the budget-dependent training recipe. */
public interface Task {

    /** The stable id used on the command line, in suites and in result files (e.g. {@code cls-fmnist}). */
    String id();

    /** One line for {@code qbench list}. */
    String description();

    /** The task family, which decides which methods apply. */
    TaskKind kind();

    /**
     * Trains and evaluates one model.
     *
     * @throws DivergedException when the loss stops being finite
     * @throws org.qbench.tasks.data.DataException when the data is missing or corrupt
     */
    TaskOutcome run(TaskContext context);
}
