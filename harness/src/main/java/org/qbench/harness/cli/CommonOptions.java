package org.qbench.harness.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.qbench.hardware.profile.Profiles;
import org.qbench.harness.deploy.Deployer;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.run.Environment;
import org.qbench.harness.run.Runner;
import org.qbench.methods.Methods;
import org.qbench.tasks.Tasks;
import picocli.CommandLine.Option;

/** Options shared by the commands that train: where data and results live. */
final class CommonOptions {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Folder for result files, one JSON per run under <DIR>/<suite>/ (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with data sets (e.g. the four Fashion-MNIST .gz files, or a fashion-mnist/ "
                    + "subfolder). Default: $QBENCH_DATA, then Debian's dataset packages, then a fetch into "
                    + "~/.cache/qbench.")
    Path dataDir;

    @Option(names = "--budget", paramLabel = "ID", defaultValue = "quick",
            description = "smoke (CI plumbing, minutes), quick (default; numbers that order the methods), "
                    + "paper (the papers' protocols as far as data allows).")
    String budget;

    @Option(names = "--parity",
            description = "After training, check the integer path: each quantized layer's exported codes through the "
                    + "integer GEMM kernels on 64 test images (max difference in output LSBs, fraction exactly equal) "
                    + "and top-1 on the test set with integer kernels; recorded in the result (a cell whose result "
                    + "exists is not rerun: use a fresh --out, or --force with run).")
    boolean parity;

    @Option(names = "--check-numerics",
            description = "Check every training step for non-finite values: after each quantized layer's input, "
                    + "quantizers, weight and output, the model output, the loss and every gradient. The first one "
                    + "stops the run, and its step, block path, operation and statistics go into the failed result "
                    + "(docs/numerics.md). Off by default: it slows a step; it does not change any number or run id.")
    boolean checkNumerics;

    @Option(names = "--export",
            description = "After training, deploy each cell on ONNX Runtime (docs/deploy.md): export it to ONNX (int8 QDQ where "
                    + "ONNX's integer ops express the method, FP32 always) under <out>/<suite>/onnx/, measure its metric on "
                    + "the runtime, time int8 vs FP32 at batch 1 and 64, check every hardware profile's deploy constraints; "
                    + "the record goes to <out>/<suite>/deploy/<runId>.json and every trained model is kept under "
                    + "<out>/<suite>/artifacts/. A cell whose result exists but has no record is deployed from its saved "
                    + "model, or trained again (same numbers) when none was kept.")
    boolean export;

    /**
     * The runner these options ask for: parity, numerics and, with {@code --export}, the deployer, timing with the
     * paper figures' clock.
     *
     * @param concurrentWorkers the grid's worker processes, recorded beside the latency figures
     */
    Runner runner(ResultStore store, int concurrentWorkers) {
        return runner(store, concurrentWorkers, Deployer.Clock.FULL);
    }

    /** As {@link #runner(ResultStore, int)}, with {@code --export}'s latency timed by {@code clock}. */
    Runner runner(ResultStore store, int concurrentWorkers, Deployer.Clock clock) {
        Environment env = Environment.observe(QbenchCli.home());
        Runner runner = new Runner(store, env, dataDir(), Tasks.builtIn(), Methods.builtIn(), parity, checkNumerics);
        return export ? runner.withDeployer(new Deployer(store, Profiles.builtIn().all(), clock, 1, env.cpuModel(),
                concurrentWorkers, env.gitCommit())) : runner;
    }

    /** Where tables go: the explicit folder, else paper-tables/ for the reference results/, else {@code <out>/tables}. */
    static Path tablesDir(Path out, Path tablesOut) {
        return tablesOut != null ? tablesOut
                : out.normalize().equals(Path.of("results")) ? Path.of("paper-tables") : out.resolve("tables");
    }

    Optional<Path> dataDir() {
        if (dataDir != null) {
            return Optional.of(dataDir);
        }
        String env = System.getenv("QBENCH_DATA");
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
    }
}
