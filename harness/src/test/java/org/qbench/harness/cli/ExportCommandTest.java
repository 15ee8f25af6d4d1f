package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.deploy.DeployRecord;
import org.qbench.harness.deploy.DeployRecords;
import org.qbench.harness.deploy.LayerAgreement;
import org.qbench.harness.results.ResultStore;
import org.qbench.tasks.data.IdxFixtures;

/**
 * {@code qbench run --export} and {@code qbench export} end to end on a generated Fashion-MNIST look-alike: a
 * smoke-trained LSQ W8A8 ResNet runs on ONNX Runtime with the simulated top-1 (once its biases are int32) and every
 * integer code equal; export from the saved model does not retrain; N2UQ at 2 bits is refused with the reason before
 * any training; a missing or malformed result file is a one-line error; the deploy table is written.
 */
class ExportCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixture() throws IOException {
        IdxFixtures.fashionMnist(dir.resolve("data"), 1024, 512, 11);
    }

    private static Path only(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, json.size(), json.toString());
            return json.get(0);
        }
    }

    @Test
    void lsqW8A8RunsOnTheRuntimeAsSimulatedAndExportReusesTheSavedModel() throws IOException {
        Path out = dir.resolve("lsq");
        CliTest.Outcome run = CliTest.call("run", "--task", "cls-fmnist", "--method", "lsq", "--bits", "8", "--budget", "smoke",
                "--export", "--data-dir", dir.resolve("data").toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        Path result = only(out.resolve("single"));
        String runId = result.getFileName().toString().replace(".json", "");
        DeployRecord r = DeployRecords.read(new ResultStore(out).deployRecordPath("single", runId));
        assertEquals(DeployRecord.EXPORTED, r.status());
        assertNull(r.refusal());
        assertTrue(r.integerLayers() >= 9, "every conv but the stem, and the head: " + r.integerLayers());
        assertEquals(r.simulatedIntegerBias(), r.runtimeInt8(), 1e-9, "the runtime computes the simulated model");
        assertTrue(Math.abs(r.runtimeInt8() - r.simulated()) <= 1.0, "int32 biases move top-1 by little: " + r);
        for (LayerAgreement l : r.layers()) {
            assertEquals(0, l.differing(), l.toString());
        }
        assertEquals(6, r.latency().size(), "int8 and FP32, batch 1 and 64 on one thread, batch 64 on every core");
        assertTrue(r.constraints().stream().anyMatch(c -> c.profile().equals("ort-cpu") && c.fits()), r.constraints().toString());
        assertTrue(Files.isRegularFile(out.resolve("single").resolve("artifacts").resolve(runId + ".params")), "the model is kept");

        // Export from the saved model: no training (the progress shows no epoch), same numbers, a copy at --out.
        Path copy = dir.resolve("copy").resolve("model.onnx");
        CliTest.Outcome export = CliTest.call("export", "--run", result.toString(), "--out", copy.toString(), "--quick-timing",
                "--data-dir", dir.resolve("data").toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.err().contains("loading its saved model"), export.err());
        assertFalse(export.err().contains("epoch 1/"), "no training: " + export.err());
        assertFalse(export.err().contains("warning"), export.err());
        DeployRecord again = DeployRecords.read(new ResultStore(out).deployRecordPath("single", runId));
        assertEquals(r.runtimeInt8(), again.runtimeInt8());
        assertEquals(r.files().get("int8"), again.files().get("int8"), "the same graph, byte for byte");
        assertArrayEquals(Files.readAllBytes(out.resolve("single").resolve("onnx").resolve(runId + ".int8.onnx")),
                Files.readAllBytes(copy));
        assertTrue(export.out().contains("top1: simulated"), export.out());

        CliTest.Outcome tables = CliTest.call("tables", "--results", out.toString(), "--out", dir.resolve("tables").toString());
        assertEquals(0, tables.code(), tables.err());
        String md = Files.readString(dir.resolve("tables").resolve("single_deploy.md"));
        assertTrue(md.contains("| lsq W8A8 (cls-fmnist, smoke, seed 0) | yes ("), md);
    }

    @Test
    void n2uqAtTwoBitsIsRefusedWithTheReasonBeforeAnyTraining() throws IOException {
        Path suite = dir.resolve("n2uq").resolve("survey-cls");
        Files.createDirectories(suite);
        Path result = suite.resolve("1ad97e1393d7a0a9.json");
        Files.copy(Path.of("..", "results", "survey-cls", "1ad97e1393d7a0a9.json"), result);
        CliTest.Outcome o = CliTest.call("export", "--run", result.toString());
        assertEquals(ExportCommand.REFUSED, o.code(), o.err());
        assertTrue(o.err().contains("n2uq 2b seed 0 (2 ep): int8 export refused: N2UQ's activations have learnable non-uniform "
                + "thresholds"), o.err());
        assertFalse(o.err().contains("training it again"), "refused before training: " + o.err());
    }

    @Test
    void aMissingOrMalformedResultFileIsAOneLineError() throws IOException {
        CliTest.Outcome missing = CliTest.call("export", "--run", dir.resolve("nope.json").toString());
        assertEquals(QbenchCli.USER_ERROR, missing.code());
        assertEquals("qbench: " + dir.resolve("nope.json") + ": no such result file", missing.err().strip());
        Path bad = dir.resolve("bad").resolve("suite").resolve("0123456789abcdef.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"schema\": 1, \"run_id\": ");
        CliTest.Outcome malformed = CliTest.call("export", "--run", bad.toString());
        assertEquals(QbenchCli.USER_ERROR, malformed.code());
        assertEquals(1, malformed.err().strip().lines().count(), malformed.err());
        assertTrue(malformed.err().startsWith("qbench: " + bad), malformed.err());
        CliTest.Outcome unknownId = CliTest.call("export", "--run", "0000000000000000", "--results", dir.toString());
        assertEquals(QbenchCli.USER_ERROR, unknownId.code());
        assertTrue(unknownId.err().contains("no result of run 0000000000000000"), unknownId.err());
    }
}
