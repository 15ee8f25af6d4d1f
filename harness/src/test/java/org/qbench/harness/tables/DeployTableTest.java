package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.deploy.ConstraintCheck;
import org.qbench.harness.deploy.DeployRecord;
import org.qbench.harness.deploy.DeployRecords;
import org.qbench.harness.deploy.LayerAgreement;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.ResultStore;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.tasks.Budget;

/** The deployment table from deploy records: rows, refusals, speed-ups, constraints; the committed ones regenerate. */
class DeployTableTest {

    @TempDir
    Path dir;

    private static DeployRecord exported() {
        RunSpec spec = RunSpec.of("cls-fmnist", "lsq", 8, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        return new DeployRecord(1, spec.runId(), "s", spec, "onnxruntime 1.23.2 (CPU)", DeployRecord.EXPORTED, null, 9, "top1", "%",
                88.73, 88.70, 88.70, null, List.of(new LayerAgreement("model/3/0/branch/0", 1000, 1, 1)),
                List.of(new DeployRecord.Timing("int8", 64, 1, 2.0, 0.1, 10, 50), new DeployRecord.Timing("fp32", 64, 1, 3.0, 0.1, 10, 30),
                        new DeployRecord.Timing("int8", 1, 1, 0.1, 0.01, 10, 900), new DeployRecord.Timing("fp32", 1, 1, 0.12, 0.01, 10, 800)),
                List.of(new ConstraintCheck("ort-cpu", List.of()), new ConstraintCheck("shift-only", List.of("scales that are not powers of two at model/0"))),
                Map.of("int8", "ab", "fp32", "cd"), "AMD EPYC", 1, "abc");
    }

    private static DeployRecord refused() {
        RunSpec spec = RunSpec.of("cls-fmnist", "n2uq", 2, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        return new DeployRecord(1, spec.runId(), "s", spec, "onnxruntime 1.23.2 (CPU)", DeployRecord.REFUSED,
                "N2UQ's activations have learnable non-uniform thresholds: QuantizeLinear rounds on a uniform grid (9 layers: "
                        + "model/3/0/branch/0, model/3/0/branch/3, ...)", 0, "top1", "%", 85.14, null, null, null, List.of(),
                List.of(), List.of(new ConstraintCheck("ort-cpu", List.of("2-bit weights (takes [8]) at model/3/0/branch/0 and 8 more"))),
                Map.of("fp32", "ef"), "AMD EPYC", 2, "abc");
    }

    @Test
    void rowsSayWhatDeployedWhatNotAndHowFast() throws IOException {
        List<Path> files = DeployTable.write("s", List.of(refused(), exported()), dir);
        assertEquals(3, files.size());
        String md = Files.readString(dir.resolve("s_deploy.md"));
        String lsq = md.lines().filter(l -> l.startsWith("| lsq W8A8")).findFirst().orElseThrow();
        assertEquals("| lsq W8A8 (cls-fmnist, quick, seed 0) | yes (9 integer layers) | 88.73 | 88.70 | 88.70 | −0.03 | — "
                + "| 99.900 % (1) | 0.100 | 0.120 | 2.00 | 3.00 | 1.50× | breaks shift-only |", lsq);
        String n2uq = md.lines().filter(l -> l.startsWith("| n2uq W2A2")).findFirst().orElseThrow();
        assertTrue(n2uq.contains("| no: N2UQ's activations have learnable non-uniform thresholds: QuantizeLinear rounds on a "
                + "uniform grid | 85.14 | — |"), n2uq);
        assertTrue(md.indexOf("| lsq W8A8") < md.indexOf("| n2uq W2A2"), "registry order: lsq before n2uq");
        assertTrue(md.contains("ran beside 1 other worker"), "timings beside other workers are flagged");
        String csv = Files.readString(dir.resolve("s_deploy.csv"));
        String header = csv.lines().findFirst().orElseThrow();
        assertTrue(header.contains("constraints_ort-cpu,constraints_shift-only,source"), header);
        assertTrue(csv.contains("scales that are not powers of two at model/0"), csv);
        assertTrue(csv.contains("\"N2UQ's activations have learnable non-uniform thresholds: QuantizeLinear rounds on a uniform "
                + "grid (9 layers: model/3/0/branch/0, model/3/0/branch/3, ...)\""), "the CSV keeps the whole reason");
    }

    @Test
    void recordsRoundTripAndMalformedOnesAreOneLineErrors() throws IOException {
        Path file = DeployRecords.write(new ResultStore(dir), exported());
        assertEquals(exported().runtimeInt8(), DeployRecords.read(file).runtimeInt8());
        Files.writeString(file, "{\"schema\": 1}");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DeployRecords.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void committedDeployTablesRegenerateByteForByte() throws IOException {
        Path results = Path.of("..", "results");
        List<Path> written = DeployTable.writeAll(new ResultStore(results), dir);
        for (Path p : written) {
            Path committed = Path.of("..", "paper-tables").resolve(p.getFileName());
            assertTrue(Files.isRegularFile(committed), committed + " is not committed: run ./qbench tables");
            assertEquals(Files.readString(committed), Files.readString(p), p.getFileName() + " is out of date: run ./qbench tables");
        }
    }
}
