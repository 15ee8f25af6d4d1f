package org.qbench.harness.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.qbench.harness.json.Json;

/** Reads and writes the deploy records of a results folder ({@code <root>/<suite>/deploy/<runId>.json}). */
public final class DeployRecords {

    private DeployRecords() {}

    /** Writes {@code record} atomically under {@code root}; returns the file. */
    public static Path write(Path root, DeployRecord record) {
        Path file = Deployer.recordPath(root, record.suite(), record.runId());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.pretty().writeValue(tmp.toFile(), record);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
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

    /** Every record of {@code suite} under {@code root}, by file name; none when the folder does not exist. */
    public static List<DeployRecord> readAll(Path root, String suite) {
        Path dir = root.resolve(suite).resolve(Deployer.DEPLOY);
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
