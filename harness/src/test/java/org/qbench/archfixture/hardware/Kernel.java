package org.qbench.archfixture.hardware;

/** Fixture for {@code LayeringTest}: a hardware class. */
public final class Kernel {
    /** A kernel call. */
    public static int run() {
        return 1;
    }
}
