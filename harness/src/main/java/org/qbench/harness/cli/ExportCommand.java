package org.qbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.qbench.harness.deploy.ConstraintCheck;
import org.qbench.harness.deploy.DeployRecord;
import org.qbench.harness.deploy.DeployRecords;
import org.qbench.harness.deploy.Deployability;
import org.qbench.harness.deploy.Deployer;
import org.qbench.harness.deploy.Precision;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qbench export}: the trained model of one result as an ONNX graph, run and timed on ONNX Runtime. The model
 * is the cell's saved one when its grid kept it ({@code --export}), else the cell is trained again from its spec
 * (same numbers) and kept. A method ONNX's integer ops cannot express is refused before any training, with the
 * reason, exit code {@value #REFUSED}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the trained model of one result to ONNX (int8 QDQ, and FP32), measure its metric on ONNX "
                + "Runtime and time it, and write its deploy record (docs/deploy.md). The model is the one the grid saved "
                + "(reproduce --export); without it the cell is trained again from its spec and kept.",
            "Exit codes: 0 exported, 2 bad input, " + ExportCommand.REFUSED + " refused (the reason is printed)."})
final class ExportCommand implements Callable<Integer> {

    /** Exit code of a refused export. */
    static final int REFUSED = 3;

    @Option(names = "--run", required = true, paramLabel = "RUN_ID|RESULT_FILE",
            description = "A result file, or a run id looked up under --results (<results>/<suite>/<runId>.json).")
    String run;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Copy the exported graph here too (default: only <results>/<suite>/onnx/<runId>.<precision>.onnx).")
    Path out;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "int8",
            description = "Which graph --out gets: int8 (QDQ) or fp32 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Results folder a run id is looked up in (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with data sets (as for run).")
    Path dataDir;

    @Option(names = "--quick-timing", description = "Time with 3 short rounds instead of 10 of 200 ms (a quick look).")
    boolean quickTiming;

    @Override
    public Integer call() throws IOException {
        Precision wanted = switch (precision.toLowerCase(Locale.ROOT)) {
            case "int8" -> Precision.INT8;
            case "fp32" -> Precision.FP32;
            default -> throw new IllegalArgumentException("--precision: unknown value '" + precision + "' (int8 or fp32)");
        };
        Path file = resultFile();
        RunResult result = ResultStore.read(file);
        if (!result.ok()) {
            throw new IllegalArgumentException(file + ": the run failed (" + result.failure() + "); nothing to export");
        }
        RunSpec spec = result.spec();
        String suite = result.provenance().suite();
        Path root = file.toAbsolutePath().getParent().getParent();
        QuantMethod method = Methods.builtIn().get(spec.method());
        if (wanted == Precision.INT8) {
            Optional<String> refusal = Deployability.refusal(method, spec.methodConfig(method));
            if (refusal.isPresent()) {
                System.err.println("qbench: " + spec.label() + ": int8 export refused: " + refusal.get());
                return REFUSED;
            }
        }
        ResultStore store = new ResultStore(root);
        boolean saved = Files.isRegularFile(store.artifactPath(suite, spec.runId()));
        System.err.println("qbench: " + spec.label() + ": " + (saved ? "loading its saved model" : "no saved model: training it again")
                + ", then exporting and timing it");
        CommonOptions common = new CommonOptions();
        common.dataDir = dataDir;
        common.export = true;
        ConsoleProgress progress = new ConsoleProgress();
        progress.gridStarted(1);
        common.runner(store, 1, quickTiming ? Deployer.Clock.SMOKE : Deployer.Clock.FULL)
                .redeploy(suite, spec, progress.started(spec, 1, 1));
        progress.gridFinished();
        DeployRecord record = DeployRecords.read(store.deployRecordPath(suite, spec.runId()));
        Precision made = record.status().equals(DeployRecord.FP32_ONLY) ? Precision.FP32 : wanted;
        Path graph = store.onnxPath(suite, spec.runId(), made.id());
        print(record, graph);
        if (record.status().equals(DeployRecord.REFUSED) && wanted == Precision.INT8) {
            System.err.println("qbench: int8 export refused: " + record.refusal());
            return REFUSED;
        }
        if (out != null) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.copy(graph, out, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(out);
        }
        return 0;
    }

    /** The result file {@code --run} names: the file itself, or the one run id under {@code --results}. */
    private Path resultFile() throws IOException {
        Path direct = Path.of(run);
        if (run.endsWith(".json") || Files.exists(direct)) {
            if (!Files.isRegularFile(direct)) {
                throw new IllegalArgumentException(run + ": no such result file");
            }
            return direct;
        }
        if (!Files.isDirectory(results)) {
            throw new IllegalArgumentException(results + ": no such results folder (looking for run " + run + ")");
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> suites = Files.list(results)) {
            for (Path s : suites.filter(Files::isDirectory).sorted().toList()) {
                Path f = s.resolve(run + ".json");
                if (Files.isRegularFile(f)) {
                    found.add(f);
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no result of run " + run + " under " + results + " (give the result file)");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("run " + run + " has results in several suites: " + found + " (give the file)");
        }
        return found.get(0);
    }

    private static void print(DeployRecord r, Path graph) {
        System.out.printf(Locale.ROOT, "%s: %s%s%n", r.spec().label(), r.status(),
                r.status().equals(DeployRecord.EXPORTED) ? " (" + r.integerLayers() + " integer layers)" : "");
        System.out.printf(Locale.ROOT, "%s: simulated %s, with int32 biases %s, on %s int8 %s, fp32 %s%n", r.metric(),
                fmt(r.simulated()), fmt(r.simulatedIntegerBias()), r.runtime(), fmt(r.runtimeInt8()), fmt(r.runtimeFp32()));
        for (int batch : new int[] {1, 64}) {
            var int8 = r.timing(Precision.INT8, batch, 1);
            var fp32 = r.timing(Precision.FP32, batch, 1);
            if (fp32.isPresent()) {
                System.out.printf(Locale.ROOT, "latency, batch %d, 1 thread: fp32 %.3f ± %.3f ms%s%n", batch,
                        fp32.get().meanMillis(), fp32.get().errorMillis(), int8.map(t -> String.format(Locale.ROOT,
                                ", int8 %.3f ± %.3f ms (%.2fx)", t.meanMillis(), t.errorMillis(),
                                fp32.get().meanMillis() / t.meanMillis())).orElse(""));
            }
        }
        for (ConstraintCheck c : r.constraints()) {
            System.out.println("profile " + c.profile() + ": " + (c.fits() ? "fits" : String.join("; ", c.violations())));
        }
        if (Files.isRegularFile(graph)) {
            System.out.println(graph);
        }
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
