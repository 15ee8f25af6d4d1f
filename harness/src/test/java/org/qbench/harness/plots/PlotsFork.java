package org.qbench.harness.plots;

import java.nio.file.Path;

/** Writes the test's typical plots into the folder given as the only argument, in a fresh JVM. */
public final class PlotsFork {

    private PlotsFork() {}

    /** Entry point for {@link MetricPlotsTest}'s forked-JVM check. */
    public static void main(String[] args) {
        MetricPlots.write(MetricPlotsTest.typical(), Path.of(args[0]), "typical");
    }
}
