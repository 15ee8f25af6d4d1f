package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.tasks.data.IdxFixtures;

/**
 * {@code qbench reproduce --budget smoke} end to end on a generated Fashion-MNIST look-alike: every cell
 * trains, results and tables are written, a rerun resumes and reruns corrupt results (in this process and in
 * workers), a missing data folder is a one-line error.
 */
class ReproduceEndToEndTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixture() throws IOException {
        IdxFixtures.fashionMnist(dir.resolve("data"), 1024, 512, 11);
    }

    private static List<Path> results(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("lsq-cls"))) { // Files.list: worker logs sit one level down
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void smokeGridRunsEveryCellWritesTablesAndResumes() throws IOException {
        Path out = dir.resolve("out");
        String[] args = {"reproduce", "--suite", "lsq-cls", "--budget", "smoke", "--jobs", "1", "--data-dir", dir.resolve("data").toString(), "--out", out.toString()};
        CliTest.Outcome first = CliTest.call(args);
        assertEquals(0, first.code(), first.err());
        List<Path> files = results(out);
        assertEquals(5, files.size());
        for (Path f : files) {
            RunResult r = ResultStore.read(f);
            assertEquals("ok", r.status(), f.toString());
            assertEquals(64, r.provenance().dataChecksums().get("train-images-idx3-ubyte.gz").length());
        }
        assertTrue(first.out().contains("lsq-cls_cls-fmnist_smoke.md"), first.out());
        Path table = out.resolve("tables").resolve("lsq-cls_cls-fmnist_smoke.md");
        assertTrue(Files.readString(table).contains("| lsq |"));

        // Kill simulation: one result lost; the rerun trains only that cell.
        Files.delete(files.get(2));
        byte[] before = Files.readAllBytes(files.get(0));
        CliTest.Outcome second = CliTest.call(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("1 run(s)") && second.err().contains("4 skipped"), second.err());
        assertEquals(5, results(out).size());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(files.get(0))), "finished results are never rewritten");

        // A truncated result is not a finished cell: it is moved aside, said so in one line, and rerun.
        byte[] whole = Files.readAllBytes(files.get(1));
        Files.write(files.get(1), java.util.Arrays.copyOf(whole, whole.length / 3));
        CliTest.Outcome third = CliTest.call(args);
        assertEquals(0, third.code(), third.err());
        assertEquals(1, third.err().lines().filter(l -> l.contains(" is corrupt (")).count(), third.err());
        assertTrue(third.err().contains("qbench: " + files.get(1) + " is corrupt (") && third.err().contains(
                "; moved to " + files.get(1).getFileName() + ".corrupt, rerunning the cell"), third.err());
        assertTrue(third.err().contains("1 run(s)") && third.err().contains("4 skipped"), third.err());
        assertEquals("ok", ResultStore.read(files.get(1)).status());
        assertTrue(Files.isRegularFile(files.get(1).resolveSibling(files.get(1).getFileName() + ".corrupt")));
        CliTest.Outcome tables = CliTest.call("tables", "--results", out.toString(), "--out", out.resolve("tables2").toString());
        assertEquals(0, tables.code(), "tables ignore the file moved aside: " + tables.err());
    }

    /**
     * A 4-task array simulated with 4 shards in turn into one shared folder, no tables from the shards, then one
     * merge: the tables are byte for byte those of one process running the whole grid.
     */
    @Test
    void fourShardsAndAMergeGiveTheTablesOfOneProcess() throws IOException {
        Path shared = dir.resolve("shared");
        for (int i = 0; i < 4; i++) {
            CliTest.Outcome o = CliTest.call("reproduce", "--suite", "lsq-cls", "--budget", "smoke", "--seeds", "7",
                    "--jobs", "1", "--shard", i + "/4", "--data-dir", dir.resolve("data").toString(), "--out",
                    shared.toString());
            assertEquals(0, o.code(), o.err());
            assertTrue(o.err().contains("writes no tables"), o.err());
        }
        assertFalse(Files.exists(shared.resolve("tables")), "shards never write tables");
        CliTest.Outcome merged = CliTest.call("merge", shared.toString(), "--out", shared.toString());
        assertEquals(0, merged.code(), merged.err());
        Path single = dir.resolve("single");
        CliTest.Outcome one = CliTest.call("reproduce", "--suite", "lsq-cls", "--budget", "smoke", "--seeds", "7", "--jobs",
                "1", "--data-dir", dir.resolve("data").toString(), "--out", single.toString());
        assertEquals(0, one.code(), one.err());
        List<Path> tables;
        try (Stream<Path> files = Files.list(single.resolve("tables"))) {
            tables = files.filter(p -> p.toString().matches(".*lsq-cls.*\\.(csv|md|tex)$")
                    && !p.toString().contains("_cost.")).sorted().toList();
        }
        assertFalse(tables.isEmpty());
        for (Path t : tables) {
            assertEquals(Files.readString(t), Files.readString(shared.resolve("tables").resolve(t.getFileName())),
                    t.getFileName().toString());
        }
    }

    @Test
    void workerProcessesSplitTheGridAndTheParentWritesTheTables() throws IOException {
        Path out = dir.resolve("out-jobs");
        CliTest.Outcome o = CliTest.call("reproduce", "--suite", "lsq-cls", "--budget", "smoke", "--seeds", "5", "--jobs", "2",
                "--data-dir", dir.resolve("data").toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<Path> files = results(out);
        assertEquals(5, files.size(), o.err());
        for (Path f : files) {
            assertEquals("ok", ResultStore.read(f).status(), f.toString());
        }
        assertTrue(Files.isRegularFile(out.resolve("lsq-cls/logs/worker-0.log")));
        assertTrue(Files.isRegularFile(out.resolve("lsq-cls/logs/worker-1.log")));
        assertTrue(o.out().contains("lsq-cls_cls-fmnist_smoke.md"), o.out());

        // Corrupt results are pending for the workers too: the parent moves them aside, the workers rerun them.
        Files.writeString(files.get(0), "{\"schema\": 1, \"run_");
        Files.writeString(files.get(3), Files.readString(files.get(3)).replace("\"schema\" : 1", "\"schema\" : 9"));
        CliTest.Outcome rerun = CliTest.call("reproduce", "--suite", "lsq-cls", "--budget", "smoke", "--seeds", "5", "--jobs", "2",
                "--data-dir", dir.resolve("data").toString(), "--out", out.toString());
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.err().contains("2 workers"), "both cells went to workers: " + rerun.err());
        assertEquals(2, rerun.err().lines().filter(l -> l.contains(" is corrupt (")).count(), rerun.err());
        assertTrue(rerun.err().contains("result schema 9 is not supported"), rerun.err());
        assertTrue(rerun.err().contains("2 run(s)") && rerun.err().contains("3 skipped"), rerun.err());
        for (Path f : files) {
            assertEquals("ok", ResultStore.read(f).status(), f.toString());
        }
        assertTrue(Files.isRegularFile(files.get(0).resolveSibling(files.get(0).getFileName() + ".corrupt")));
        assertTrue(Files.isRegularFile(files.get(3).resolveSibling(files.get(3).getFileName() + ".corrupt")));
    }

    @Test
    void aDataFolderWithoutTheDataIsAOneLineErrorAndWritesNoResult() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path out = dir.resolve("out-empty");
        CliTest.Outcome o = CliTest.call("run", "--task", "cls-fmnist", "--method", "fp32", "--budget", "smoke",
                "--data-dir", empty.toString(), "--out", out.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains(empty + ": no Fashion-MNIST here"), o.err());
        assertTrue(!Files.exists(out.resolve("single")) || Files.list(out.resolve("single")).findAny().isEmpty());
    }

    @Test
    void aVitRunTrainsItsCnnTeacherFirstAndNoDistillDropsIt() throws IOException {
        Path out = dir.resolve("out-vit");
        String data = dir.resolve("data").toString();
        CliTest.Outcome distilled = CliTest.call("run", "--task", "vit-fmnist", "--method", "fp32", "--budget", "smoke",
                "--data-dir", data, "--out", out.toString());
        assertEquals(0, distilled.code(), distilled.err());
        List<RunResult> results;
        try (var files = Files.list(out.resolve("single"))) {
            results = files.filter(f -> f.toString().endsWith(".json")).map(ResultStore::read).toList();
        }
        RunResult teacher = results.stream().filter(r -> r.spec().task().equals("cls-fmnist")).findFirst().orElseThrow();
        RunResult vit = results.stream().filter(r -> r.spec().task().equals("vit-fmnist")).findFirst().orElseThrow();
        assertEquals(Map.of("teacher", teacher.runId()), vit.spec().inputsOrEmpty(), "the spec names the teacher cell");
        assertEquals("fp32", vit.spec().variant());
        assertTrue(vit.recipe().get("distillation").toString().startsWith("hard"), vit.recipe().toString());

        CliTest.Outcome alone = CliTest.call("run", "--task", "vit-fmnist", "--method", "fp32", "--budget", "smoke",
                "--no-distill", "--data-dir", data, "--out", out.toString());
        assertEquals(0, alone.code(), alone.err());
        try (var files = Files.list(out.resolve("single"))) {
            results = files.filter(f -> f.toString().endsWith(".json")).map(ResultStore::read).toList();
        }
        RunResult plain = results.stream().filter(r -> r.spec().task().equals("vit-fmnist") && r.spec().inputsOrEmpty().isEmpty())
                .findFirst().orElseThrow();
        assertEquals("fp32 (no teacher)", plain.spec().variant(), "its own table row");
        assertTrue(plain.recipe().get("distillation").toString().startsWith("none"), plain.recipe().toString());
        assertEquals(3, results.size(), "the teacher is not trained again");
    }
}
