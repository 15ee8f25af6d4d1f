package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.TestResults;
import org.qbench.harness.results.RunResult;

/**
 * Generated tables against golden files. To regenerate the golden files on purpose after a deliberate
 * format change: {@code mvn -pl harness test -Dtest=TableWriterTest -Dgolden.update=true}.
 */
class TableWriterTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path dir;

    private static List<RunResult> results() {
        List<RunResult> r = new ArrayList<>();
        r.add(TestResults.ok("fp32", 32, 0, 90.12));
        r.add(TestResults.ok("fp32", 32, 1, 90.50));
        r.add(TestResults.ok("fp32", 32, 2, 89.91));
        r.add(TestResults.ok("lsq", 2, 0, 85.0));
        r.add(TestResults.failed("lsq", 2, 1));
        r.add(TestResults.ok("lsq", 4, 0, 89.75));
        r.add(TestResults.ok("lsq", 4, 1, 89.25));
        r.add(TestResults.failed("lsq", 8, 0));
        return r;
    }

    @Test
    void tablesMatchTheGoldenFiles() throws IOException {
        List<Path> written = TableWriter.write(results(), dir);
        assertEquals(List.of("lsq-cls_cls-fmnist_quick.csv", "lsq-cls_cls-fmnist_quick.md"),
                written.stream().map(p -> p.getFileName().toString()).toList());
        for (Path p : written) {
            Path golden = GOLDEN.resolve(p.getFileName());
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.copy(p, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), Files.readString(p, StandardCharsets.UTF_8),
                    "differs from " + golden + " (regenerate with -Dgolden.update=true if the change is deliberate)");
        }
    }

    @Test
    void regenerationIsByteIdenticalWhateverTheOrderOfResults() throws IOException {
        List<RunResult> shuffled = new ArrayList<>(results());
        Collections.shuffle(shuffled, new Random(42));
        TableWriter.write(results(), dir.resolve("a"));
        TableWriter.write(shuffled, dir.resolve("b"));
        for (String f : List.of("lsq-cls_cls-fmnist_quick.csv", "lsq-cls_cls-fmnist_quick.md")) {
            assertEquals(-1L, Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void statisticsAreMeanSampleStdAndCount() {
        CellStats s = CellStats.of(List.of(89.91, 90.12, 90.50), 0);
        assertEquals(90.17666, s.mean(), 1e-4);
        assertEquals(0.29905, s.std(), 1e-4);
        assertEquals(3, s.n());
        assertTrue(Double.isNaN(CellStats.of(List.of(1.0), 0).std()), "no std from one seed");
    }
}
