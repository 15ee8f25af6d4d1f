package org.qbench.harness.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.run.RunListener;
import org.qbench.tasks.ProgressListener;

/**
 * Progress on stderr: one bar for the grid and one for each phase of the current run (epochs, test). On a
 * terminal the bars redraw in place; in a log (CI) each bar prints a line every 15 seconds and when done.
 */
final class ConsoleProgress implements RunListener {

    private final PrintStream err = System.err;
    private final boolean interactive = System.console() != null;
    private ProgressBar grid;
    private int done;

    private ProgressBar bar(String name, long max) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(name).setInitialMax(max).setStyle(ProgressBarStyle.ASCII);
        if (interactive) {
            b.setUpdateIntervalMillis(250);
        } else {
            b.setUpdateIntervalMillis(15_000).setConsumer(new DelegatingProgressBarConsumer(err::println, 100));
        }
        return b.build();
    }

    @Override
    public void gridStarted(int cells) {
        grid = bar("grid", cells);
    }

    @Override
    public void skipped(RunSpec spec) {
        done++;
        grid.stepTo(done);
        grid.setExtraMessage("skipped " + spec.label() + " (result exists)");
    }

    @Override
    public ProgressListener started(RunSpec spec, int position, int cells) {
        grid.setExtraMessage("running " + spec.label());
        String prefix = "[" + position + "/" + cells + "] " + spec.label() + " ";
        return new ProgressListener() {
            private ProgressBar phase;

            @Override
            public void start(String name, long totalSteps) {
                phase = bar(prefix + name, totalSteps);
            }

            @Override
            public void step(String detail) {
                phase.step();
                if (!detail.isEmpty()) {
                    phase.setExtraMessage(detail);
                }
            }

            @Override
            public void end() {
                phase.close();
            }
        };
    }

    @Override
    public void finished(RunSpec spec, RunResult result, Path file) {
        done++;
        grid.stepTo(done);
        String what = result.ok()
                ? result.metrics().stream().map(m -> String.format(java.util.Locale.ROOT, "%s %.2f %s", m.name(), m.value(), m.unit()))
                        .reduce((a, b) -> a + ", " + b).orElse("")
                : "FAILED: " + result.failure();
        grid.setExtraMessage(spec.label() + ": " + what);
        if (!interactive) {
            err.println(spec.label() + ": " + what + " -> " + file);
        }
    }

    @Override
    public void gridFinished() {
        grid.close();
    }
}
