package org.qbench.harness.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;

/** Reads and writes the deploy records of a results folder ({@link ResultStore#deployRecordPath}). */
public final class DeployRecords {

    private DeployRecords() {}

    /** Writes {@code record} atomically into {@code store}; returns the file. */
    public static Path write(ResultStore store, DeployRecord record) {
        Path file = store.deployRecordPath(record.suite(), record.runId());
        try {
            ResultStore.writeAtomically(file, record);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the deploy record " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one record.
     *
     * @throws IllegalArgumentException {@code "<file>: <problem>"} when it is missing or malformed
     */
    public static DeployRecord read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such deploy record");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Json.parse(in, DeployRecord.class, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** Every record of {@code suite} in {@code store}, by file name; none when the folder does not exist. */
    public static List<DeployRecord> readAll(ResultStore store, String suite) {
        Path dir = store.root().resolve(suite).resolve(ResultStore.DEPLOY);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<DeployRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                records.add(read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return records;
    }
}
