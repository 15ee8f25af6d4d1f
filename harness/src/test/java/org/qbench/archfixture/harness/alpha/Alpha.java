package org.qbench.archfixture.harness.alpha;

import org.qbench.archfixture.harness.beta.Beta;

/** Fixture for {@code LayeringTest}: one side of a package cycle. */
public final class Alpha {
    /** Reaches beta. */
    public static int run() {
        return Beta.value();
    }

    /** Reached from beta. */
    public static int value() {
        return 2;
    }
}
