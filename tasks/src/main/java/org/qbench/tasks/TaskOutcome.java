package org.qbench.tasks;

import java.util.List;
import java.util.Map;
import org.qbench.tasks.images.RgbImage;

/**
 * What a finished training run of a task produced.
 *
 * @param metrics measured metrics (e.g. top-1 on the test set)
 * @param training training figures
 * @param cost cost figures of the trained model
 * @param recipe the concrete recipe the budget resolved to, as ordered key/value pairs for the result file
 * @param dataset the data set's id, e.g. {@code fashion-mnist}
 * @param dataChecksums SHA-256 of every data file read, by file name
 * @param images pictures of the run's outputs that tables show side by side (a super-resolution crop), by name;
 *     the harness saves them beside the result (empty for most tasks)
 */
public record TaskOutcome(
        List<Metric> metrics, TrainingFigures training, CostFigures cost, Map<String, Object> recipe,
        String dataset, Map<String, String> dataChecksums, Map<String, RgbImage> images) {

    /** Copies the images. */
    public TaskOutcome {
        images = Map.copyOf(images);
    }

    /** An outcome without pictures. */
    public TaskOutcome(List<Metric> metrics, TrainingFigures training, CostFigures cost, Map<String, Object> recipe,
            String dataset, Map<String, String> dataChecksums) {
        this(metrics, training, cost, recipe, dataset, dataChecksums, Map.of());
    }
}
