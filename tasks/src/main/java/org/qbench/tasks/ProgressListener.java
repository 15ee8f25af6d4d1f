package org.qbench.tasks;

/** Receives progress of long work (training epochs, evaluation) so the CLI can draw progress bars. */
public interface ProgressListener {

    /** Ignores all progress. */
    ProgressListener NONE = new ProgressListener() {};

    /** A phase with a known number of steps starts. */
    default void start(String phase, long totalSteps) {}

    /** One step finished; {@code detail} is a short status such as the running loss. */
    default void step(String detail) {}

    /** The current phase finished. */
    default void end() {}

    /** A training step's loss, exactly (tests compare runs step by step). */
    default void loss(long step, double value) {}
}
