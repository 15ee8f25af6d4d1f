package org.qbench.harness.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The result files under a root folder: {@code <root>/<suite>/<runId>.json}. Writes go to a temporary file in
 * the same folder that is then renamed over the target, so a killed process never leaves a half-written
 * result; a result that exists marks its cell as done.
 */
public final class ResultStore {

    /** The sub-folder of kernel timing reports ({@code qbench kernels}), which are not run results. */
    public static final String KERNELS = "kernels";

    private final Path root;

    /** A store rooted at the given folder (created on first write). */
    public ResultStore(Path root) {
        this.root = root;
    }

    /** The root folder. */
    public Path root() {
        return root;
    }

    /** Where a run's result lives. */
    public Path pathOf(String suite, String runId) {
        return root.resolve(suite).resolve(runId + ".json");
    }

    /** Whether the run already has a result. */
    public boolean has(String suite, String runId) {
        return Files.isRegularFile(pathOf(suite, runId));
    }

    /** Writes a result atomically and returns its path. */
    public Path write(RunResult result) throws IOException {
        Path target = pathOf(result.provenance().suite(), result.runId());
        writeAtomically(target, result);
        return target;
    }

    /**
     * Writes {@code value} as indented JSON to {@code target} through a hidden temporary file and a rename, so a
     * killed process never leaves a half-written file (results, kernel reports).
     */
    public static void writeAtomically(Path target, Object value) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, (Json.pretty().writeValueAsString(value) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
            return Json.parse(in, RunResult.class, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Every result under the root, sorted by path (so tables do not depend on directory order). Temporary
     * files of interrupted writes are ignored.
     *
     * @throws IllegalArgumentException naming the first malformed file
     */
    public List<RunResult> readAll() {
        // kernels/ holds `qbench kernels` reports, a different format
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such results folder");
        }
        List<RunResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")
                            && !p.getFileName().toString().startsWith(".")
                            && !p.getParent().equals(root.resolve(KERNELS)))
                    .sorted().toList()) {
                results.add(read(f));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(root + ": cannot list results (" + e.getMessage() + ")", e);
        }
        return results;
    }
}
