package org.qbench.harness.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.qbench.harness.json.Json;

/**
 * The result files under a root folder: {@code <root>/<suite>/<runId>.json}. Writes go to a temporary file in
 * the same folder that is then renamed over the target, so a killed process never leaves a half-written
 * result; a valid result marks its cell as done. A result file that does not read back (truncated by a full
 * disk or a copy, edited by hand, another schema) is moved aside to {@code <runId>.json.corrupt} so its cell
 * runs again.
 */
public final class ResultStore {

    /** The sub-folder of kernel timing reports ({@code qbench kernels}), which are not run results. */
    public static final String KERNELS = "kernels";

    /**
     * What is appended to the name of a result file that does not read back when it is moved aside
     * ({@code <runId>.json.corrupt}, then {@code .corrupt.1}, {@code .corrupt.2}, ... if taken).
     */
    public static final String CORRUPT = ".corrupt";

    private final Path root;

    /** A store rooted at the given folder (created on first write). */
    public ResultStore(Path root) {
        this.root = root;
    }

    /** The root folder. */
    public Path root() {
        return root;
    }

    /** Sub-folder of a suite's folder where trained models other cells read are kept (not results). */
    public static final String ARTIFACTS = "artifacts";

    /** Where the trained model of a run is saved when another cell of its grid reads it. */
    public Path artifactPath(String suite, String runId) {
        return root.resolve(suite).resolve(ARTIFACTS).resolve(runId + ".params");
    }

    /** Sub-folder of a suite's folder where the pictures runs make are kept ({@code <runId>_<name>.png}). */
    public static final String IMAGES = "images";

    /** Where a run's picture {@code name} is saved. */
    public Path imagePath(String suite, String runId, String name) {
        return root.resolve(suite).resolve(IMAGES).resolve(runId + "_" + name + ".png");
    }

    /** Sub-folder of a suite's folder where the deploy records of {@code --export} are kept. */
    public static final String DEPLOY = "deploy";

    /** Where a run's deploy record is saved ({@code <suite>/deploy/<runId>.json}). */
    public Path deployRecordPath(String suite, String runId) {
        return root.resolve(suite).resolve(DEPLOY).resolve(runId + ".json");
    }

    /** Sub-folder of a suite's folder where a run's exported ONNX graphs go (not committed). */
    public static final String ONNX = "onnx";

    /** Where a run's exported graph of the given precision ({@code int8}, {@code fp32}) is saved. */
    public Path onnxPath(String suite, String runId, String precision) {
        return root.resolve(suite).resolve(ONNX).resolve(runId + "." + precision + ".onnx");
    }

    /** Where a run's result lives. */
    public Path pathOf(String suite, String runId) {
        return root.resolve(suite).resolve(runId + ".json");
    }

    /**
     * Whether the run already has a valid result (ok or failed), so its cell is done. A file that is there but
     * does not read back is moved aside and reported in one line on stderr (see
     * {@link #has(String, String, Consumer)}), and the answer is {@code false}: the cell is to be rerun.
     */
    public boolean has(String suite, String runId) {
        return has(suite, runId, System.err::println);
    }

    /**
     * Whether the run already has a valid result: a file at {@link #pathOf} that {@link #read} accepts and whose
     * run id is {@code runId}. A file that exists but is not such a result is renamed to
     * {@code <runId>.json.corrupt} (a numeric suffix is added when that name is taken; evidence is never
     * overwritten or deleted), {@code report} gets one line naming the file, the fault and the new name, and the
     * answer is {@code false}. Costs one parse of one file.
     *
     * @param report where the one line about a corrupt file goes
     * @throws UncheckedIOException if a corrupt file cannot be moved aside (rerunning would overwrite it)
     */
    public boolean has(String suite, String runId, Consumer<String> report) {
        Path file = pathOf(suite, runId);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Optional<String> fault = fault(file, runId);
        if (fault.isEmpty()) {
            return true;
        }
        try {
            Path aside = moveAside(file);
            report.accept("qbench: " + file + " is corrupt (" + fault.get() + "); moved to " + aside.getFileName()
                    + ", rerunning the cell");
        } catch (NoSuchFileException gone) {
            // another process moved or replaced it meanwhile; either way there is no result to keep here
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is corrupt (" + fault.get() + ") and cannot be moved aside", e);
        }
        return false;
    }

    /**
     * Whether a file is at the run's path, without reading it: for counting finished cells while workers write
     * (their writes are atomic, and the corrupt files were moved aside by {@link #has} before they started).
     */
    public boolean exists(String suite, String runId) {
        return Files.isRegularFile(pathOf(suite, runId));
    }

    /** Why {@code file} is not a valid result of {@code runId}, or empty when it is one. */
    private static Optional<String> fault(Path file, String runId) {
        RunResult result;
        try {
            result = read(file);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String prefix = file + ": "; // read names the file; the report names it once
            return Optional.of(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
        if (!result.runId().equals(runId)) {
            return Optional.of("run_id " + result.runId() + " does not match the file name " + runId);
        }
        return Optional.empty();
    }

    /** Renames {@code file} to the first free {@code <name>.corrupt[.N]} beside it and returns the new path. */
    private static Path moveAside(Path file) throws IOException {
        for (int n = 0; ; n++) {
            Path target = file.resolveSibling(file.getFileName() + CORRUPT + (n == 0 ? "" : "." + n));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.move(file, target); // without REPLACE_EXISTING: an earlier corrupt file is never overwritten
                return target;
            } catch (FileAlreadyExistsException taken) {
                // created since the check: try the next number
            }
        }
    }

    /** Writes a result atomically and returns its path. */
    public Path write(RunResult result) throws IOException {
        Path target = pathOf(result.provenance().suite(), result.runId());
        writeAtomically(target, result);
        return target;
    }

    /**
     * Writes {@code value} as indented JSON to {@code target} through a hidden temporary file and a rename, so a
     * killed process never leaves a half-written file (results, kernel reports, deploy records).
     */
    public static void writeAtomically(Path target, Object value) throws IOException {
        writeAtomically(target, (Json.pretty().writeValueAsString(value) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target} the same way (exported graphs). */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads one result file.
     *
     * @throws IllegalArgumentException with a one-line message naming the file and the fault
     */
    public static RunResult read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            RunResult result = Json.parse(in, RunResult.class, file.toString());
            if (result == null) { // a bare JSON null parses to no result at all
                throw new IllegalArgumentException(file + ": not a result (null)");
            }
            return result;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Every result under the root, sorted by path (so tables do not depend on directory order). Only names
     * ending in {@code .json} are read: temporary files of interrupted writes and corrupt files moved aside
     * ({@code .json.corrupt}) are ignored.
     *
     * @throws IllegalArgumentException naming the first malformed file
     */
    public List<RunResult> readAll() {
        List<RunResult> results = new ArrayList<>();
        for (Path f : files()) {
            results.add(read(f));
        }
        return results;
    }

    /**
     * The result files under the root ({@code <suite>/<runId>.json}), sorted by path; {@link #readAll} reads them.
     *
     * @throws IllegalArgumentException when the root is not a folder or cannot be listed
     */
    public List<Path> files() {
        // kernels/ holds `qbench kernels` reports, a different format
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such results folder");
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")
                            && !p.getFileName().toString().startsWith(".")
                            && !p.getParent().equals(root.resolve(KERNELS)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(root + ": cannot list results (" + e.getMessage() + ")", e);
        }
    }
}
