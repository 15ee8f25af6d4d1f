package org.qbench.harness.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qbench merge}: gathers the results folders of a grid's shards (cluster jobs that each ran {@code reproduce
 * --shard i/n --no-tables} into a folder of their own) into one, then writes the tables once. A run present in
 * several folders is taken once when every copy has the same outcome (status, failure and metrics; provenance such
 * as host and times may differ), and is an error naming both files when two copies disagree: the same run id means
 * the same spec, so different numbers mean a machine or a code version that does not reproduce, which tables must
 * not hide by picking one.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the results folders of a grid's shards into one and write the tables once. A run in "
                + "several folders is kept once when all copies agree on status and metrics (provenance may differ); "
                + "copies that disagree are an error naming both files, and nothing is written."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULT_DIR",
            description = "Results folders to merge (each holding <suite>/<runId>.json, as --out of reproduce).")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Folder the merged results go to (its own results take part in the checks).")
    Path out;

    @Option(names = "--tables-out", paramLabel = "DIR",
            description = "Folder for the tables (default: <out>/tables, or paper-tables when --out is results).")
    Path tablesOut;

    @Override
    public Integer call() {
        List<Path> sources = new ArrayList<>(inputs);
        if (Files.isDirectory(out) && sources.stream().noneMatch(p -> p.normalize().equals(out.normalize()))) {
            sources.add(0, out); // what is already there must agree too
        }
        Map<String, Copy> merged = merge(sources);
        ResultStore store = new ResultStore(out);
        int copied = 0;
        for (Copy c : merged.values()) {
            Path target = store.pathOf(c.result().provenance().suite(), c.result().runId());
            if (target.normalize().equals(c.file().normalize())) {
                continue;
            }
            copy(c, store);
            copied++;
        }
        System.err.printf("qbench: %d runs from %d folders, %d copied into %s%n", merged.size(), inputs.size(), copied,
                out);
        TablesCommand.writeAll(store, CommonOptions.tablesDir(out, tablesOut), null);
        return 0;
    }

    /**
     * One result file and what it holds.
     *
     * @param file where it was read
     * @param result its content
     */
    record Copy(Path file, RunResult result) {}

    /**
     * Every run of the folders once, keyed by suite and run id, in the folders' order.
     *
     * @throws IllegalArgumentException for a missing folder, a malformed file (naming it) or two copies of a run that
     *     disagree (naming both files)
     */
    static Map<String, Copy> merge(List<Path> folders) {
        Map<String, Copy> runs = new LinkedHashMap<>();
        for (Path folder : folders) {
            for (Path file : new ResultStore(folder).files()) {
                RunResult r = ResultStore.read(file);
                String key = r.provenance().suite() + "/" + r.runId();
                Copy seen = runs.get(key);
                if (seen == null) {
                    runs.put(key, new Copy(file, r));
                } else if (!sameOutcome(seen.result(), r)) {
                    throw new IllegalArgumentException("run " + key + " has different outcomes in " + seen.file()
                            + " and " + file + " (" + difference(seen.result(), r) + "): rerun it or drop one copy");
                }
            }
        }
        return runs;
    }

    /**
     * Same status, failure and metrics, field for field (name, subset, value and the recorded presentation: copies of
     * one run made by one code version agree on all of it).
     */
    static boolean sameOutcome(RunResult a, RunResult b) {
        return Objects.equals(a.status(), b.status()) && Objects.equals(a.failure(), b.failure())
                && Objects.equals(a.metrics(), b.metrics());
    }

    private static String difference(RunResult a, RunResult b) {
        if (!Objects.equals(a.status(), b.status())) {
            return "status " + a.status() + " vs " + b.status();
        }
        if (!Objects.equals(a.metrics(), b.metrics())) {
            return "metrics " + a.metrics().stream().map(m -> m.name() + " " + m.value()).toList() + " vs "
                    + b.metrics().stream().map(m -> m.name() + " " + m.value()).toList();
        }
        return "failure '" + a.failure() + "' vs '" + b.failure() + "'";
    }

    /**
     * Copies a run's result file, the pictures it saved ({@code images/<runId>_*.png}) and its deploy record
     * ({@code deploy/<runId>.json}, from {@code --export}) into the store.
     */
    private static void copy(Copy c, ResultStore store) {
        String suite = c.result().provenance().suite();
        String id = c.result().runId();
        try {
            Path target = store.pathOf(suite, id);
            Files.createDirectories(target.getParent());
            Files.copy(c.file(), target, StandardCopyOption.REPLACE_EXISTING);
            Path images = c.file().resolveSibling(ResultStore.IMAGES);
            if (Files.isDirectory(images)) {
                try (DirectoryStream<Path> pictures = Files.newDirectoryStream(images, id + "_*.png")) {
                    for (Path p : pictures) {
                        Path to = target.resolveSibling(ResultStore.IMAGES).resolve(p.getFileName());
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path record = c.file().resolveSibling(ResultStore.DEPLOY).resolve(id + ".json");
            if (Files.isRegularFile(record)) {
                Path to = store.deployRecordPath(suite, id);
                Files.createDirectories(to.getParent());
                Files.copy(record, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + c.file() + " into " + store.root() + ": " + e.getMessage(), e);
        }
    }
}
