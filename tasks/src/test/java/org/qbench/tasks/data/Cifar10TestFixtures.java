package org.qbench.tasks.data;

import java.io.IOException;
import java.nio.file.Path;

/** Public access to the CIFAR-10 fixture writer for tests in other packages. */
public final class Cifar10TestFixtures {

    private Cifar10TestFixtures() {}

    /** Writes the six CIFAR-10 files with {@code perFile} records each. */
    public static Path write(Path folder, int perFile) throws IOException {
        return Cifar10Test.fixture(folder, perFile);
    }
}
