package org.qbench.archfixture.harness.beta;

import org.qbench.archfixture.harness.alpha.Alpha;

/** Fixture for {@code LayeringTest}: the other side of the cycle. */
public final class Beta {
    /** Reaches alpha back. */
    public static int run() {
        return Alpha.value();
    }

    /** Reached from alpha. */
    public static int value() {
        return 3;
    }
}
