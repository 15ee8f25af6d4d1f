package org.qbench.archfixture.methods;

import org.qbench.archfixture.tasks.BadTask;

/** Fixture for {@code LayeringTest}: a method that depends on a task, against the module order. */
public final class BadMethod {
    /** Calls up a layer. */
    public static int run() {
        return BadTask.run();
    }
}
