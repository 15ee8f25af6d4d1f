package org.qbench.tasks;

import java.util.Objects;

/**
 * A trained model of another cell that a task's runs read by default ({@link Task#inputs()}): a distilling
 * task's teacher, say. The cell read runs with the reader's seed and budget.
 *
 * @param task the task of the cell read
 * @param method its method
 * @param bits its bit width
 */
public record TaskInput(String task, String method, int bits) {
    /** Validates presence. */
    public TaskInput {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(method, "method");
    }
}
