package org.qbench.tasks;

import java.util.List;
import java.util.Map;

/**
 * What a finished training run of a task produced.
 *
 * @param metrics measured metrics (e.g. top-1 on the test set)
 * @param training training figures
 * @param cost cost figures of the trained model
 * @param recipe the concrete recipe the budget resolved to, as ordered key/value pairs for the result file
 * @param dataset the data set's id, e.g. {@code fashion-mnist}
 * @param dataChecksums SHA-256 of every data file read, by file name
 */
public record TaskOutcome(
        List<Metric> metrics, TrainingFigures training, CostFigures cost, Map<String, Object> recipe,
        String dataset, Map<String, String> dataChecksums) {}
