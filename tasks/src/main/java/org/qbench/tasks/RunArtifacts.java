package org.qbench.tasks;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trained models a run exchanges with other cells of its grid: where it saves its own (when a later cell
 * needs it) and the saved models of earlier cells it reads, by role ({@link #INIT}: start from these weights;
 * {@link #TEACHER}: distil from this model; {@link #TRAINED}: this cell's own trained model, instead of
 * training). The harness fills it from the run spec's {@code inputs} (and an export's saved model); the shared
 * {@link org.qbench.tasks.train.TrainingLoop} saves, initialises and loads, a task that distils reads its teacher.
 *
 * @param save where to save this run's trained parameters, if a later cell needs them
 * @param inputs saved parameters of earlier cells, by role
 */
public record RunArtifacts(Optional<Path> save, Map<String, Path> inputs) {

    /** Role: the run starts from these weights (those whose names and shapes match). */
    public static final String INIT = "init";
    /** Role: the run distils from this model. */
    public static final String TEACHER = "teacher";
    /**
     * Role: this run's own trained model, saved by an earlier run of the same cell: it is loaded instead of
     * training (after the data-driven initialisation, which it overwrites), so export does not retrain.
     */
    public static final String TRAINED = "trained";

    /** Nothing saved, nothing read. */
    public static final RunArtifacts NONE = new RunArtifacts(Optional.empty(), Map.of());

    /** Copies the map. */
    public RunArtifacts {
        Objects.requireNonNull(save, "save");
        inputs = Map.copyOf(inputs);
    }

    /** The saved model of the cell this run depends on in {@code role}, if any. */
    public Optional<Path> input(String role) {
        return Optional.ofNullable(inputs.get(role));
    }
}
