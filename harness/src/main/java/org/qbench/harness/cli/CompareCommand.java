package org.qbench.harness.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qbench.harness.compare.Comparison;
import org.qbench.harness.results.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qbench compare}: the CI regression gate between two result sets. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare a candidate result set with a baseline, cell by cell (seeds pooled). Exit 1 when a "
                + "metric regresses beyond max(tolerance, sigmas x baseline std) or a baseline cell is missing; "
                + "exit 0 otherwise (improvements and new cells are reported)."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASELINE", description = "Folder of baseline results (e.g. results/).")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "Folder of candidate results.")
    Path candidate;

    @Option(names = "--tolerance", paramLabel = "X",
            description = "Absolute tolerance for every metric instead of each metric's own (default: the tolerance each "
                    + "result records for its metric: 0.5 points of top-1, 0.05 dB of PSNR, 0.005 of SSIM).")
    Double tolerance;

    @Option(names = "--metric-tolerance", paramLabel = "NAME=X",
            description = "Tolerance for one metric, over --tolerance, e.g. psnr=0.1 (repeatable).")
    Map<String, Double> metricTolerances = Map.of();

    @Option(names = "--sigmas", paramLabel = "K", defaultValue = "2",
            description = "Baseline standard deviations that also count as noise (default: ${DEFAULT-VALUE}).")
    double sigmas;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the Markdown report to FILE.")
    Path report;

    @Override
    public Integer call() throws Exception {
        Comparison c = Comparison.of(new ResultStore(baseline).readAll(), new ResultStore(candidate).readAll(),
                new Comparison.Tolerances(tolerance, metricTolerances, sigmas));
        String md = c.markdown();
        System.out.print(md);
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, md, StandardCharsets.UTF_8);
        }
        return c.failed() ? 1 : 0;
    }
}
