/**
 * Tasks: what a task is ({@link org.qbench.tasks.Task}), what a run of one needs ({@link
 * org.qbench.tasks.TaskContext}) and returns ({@link org.qbench.tasks.TaskOutcome}), the training budgets
 * ({@link org.qbench.tasks.Budget}) and the registry of every task ({@link org.qbench.tasks.Tasks}).
 * Compiles against {@code ai.djl:api} only.
 */
package org.qbench.tasks;
