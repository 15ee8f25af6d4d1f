package org.qbench.harness.run;

import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.RunResult;
import org.qbench.tasks.ProgressListener;

/** Hears what the runner does, for progress bars and logs. */
public interface RunListener {

    /** Hears nothing. */
    RunListener NONE = new RunListener() {};

    /** The grid starts with this many cells in this shard. */
    default void gridStarted(int cells) {}

    /** A cell was skipped because its result exists. */
    default void skipped(RunSpec spec) {}

    /** A cell starts; progress of its training goes to the returned listener. */
    default ProgressListener started(RunSpec spec, int position, int cells) {
        return ProgressListener.NONE;
    }

    /** A cell finished (ok or failed) and its result was written. */
    default void finished(RunSpec spec, RunResult result, java.nio.file.Path file) {}

    /** The grid finished. */
    default void gridFinished() {}
}
