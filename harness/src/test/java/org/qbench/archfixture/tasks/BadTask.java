package org.qbench.archfixture.tasks;

import org.qbench.archfixture.hardware.Kernel;

/** Fixture for {@code LayeringTest}: a task that reaches into hardware, the edge the design forbids. */
public final class BadTask {
    /** Uses the kernel directly. */
    public static int run() {
        return Kernel.run();
    }
}
