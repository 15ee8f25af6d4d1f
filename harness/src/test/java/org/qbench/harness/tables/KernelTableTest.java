package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.json.Json;
import org.qbench.harness.kernels.KernelReport;

/**
 * The committed kernel reports regenerate their committed tables byte for byte: the GEMM reports (schema 1, before
 * attention rows existed) their GEMM tables and nothing else, the attention report its attention tables only, so
 * adding the attention tables moved no GEMM table.
 */
class KernelTableTest {

    @TempDir
    Path dir;

    @Test
    void committedReportsRegenerateTheirTablesByteForByteGemmAndAttentionApart() throws IOException {
        List<Path> reports;
        try (var files = Files.list(Path.of("..", "results", "kernels"))) {
            reports = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(reports.size() >= 3, reports.toString());
        for (Path f : reports) {
            KernelReport r;
            try (var in = Files.newInputStream(f)) {
                r = Json.parse(in, KernelReport.class, f.toString());
            }
            boolean attention = f.getFileName().toString().contains(KernelTable.ATTENTION_SUFFIX);
            if (attention) {
                assertTrue(!r.attention().isEmpty(), f.toString());
            } else {
                // A GEMM report has no attention rows: the older ones predate them (schema 1) and still read with
                // none; a newer one (the low-light shapes, schema 2) times tasks without attention.
                assertTrue(r.schema() >= 1, f.toString());
                assertEquals(List.of(), r.attention(), f.toString());
            }
            List<Path> written = KernelTable.write(r, dir);
            assertEquals(3, written.size(), written.toString());
            for (Path p : written) {
                assertEquals(attention, p.getFileName().toString().contains(KernelTable.ATTENTION_SUFFIX), p.toString());
                assertEquals(Files.readString(Path.of("..", "paper-tables").resolve(p.getFileName())), Files.readString(p),
                        p.getFileName().toString());
            }
        }
    }
}
