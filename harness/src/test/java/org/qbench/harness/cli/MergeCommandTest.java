package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.TestResults;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;

/** {@code qbench merge}: shards' folders into one, duplicates checked, tables written once. */
class MergeCommandTest {

    @TempDir
    Path dir;

    private Path shard(String name, RunResult... results) throws IOException {
        Path root = dir.resolve(name);
        ResultStore store = new ResultStore(root);
        for (RunResult r : results) {
            store.write(r);
        }
        return root;
    }

    @Test
    void shardsMergeIntoOneFolderAndIdenticalDuplicatesPass() throws IOException {
        RunResult a = TestResults.ok("lsq-cls", "lsq", 2, 0, 80.0);
        RunResult b = TestResults.ok("lsq-cls", "lsq", 4, 0, 85.0);
        RunResult c = TestResults.ok("lsq-cls", "fp32", 32, 0, 88.0);
        Path s0 = shard("s0", a, b);
        Path s1 = shard("s1", c, b); // b ran twice (a rerun after a lost job), with the same outcome
        // c ran with --export: its deploy record travels with its result.
        org.qbench.harness.deploy.DeployRecords.write(new ResultStore(s1), new org.qbench.harness.deploy.DeployRecord(1, c.runId(), "lsq-cls",
                c.spec(), "onnxruntime 1.23.2 (CPU)", "fp32-only", null, 0, "top1", "%", 88.0, null, null, 88.0, List.of(),
                List.of(), List.of(), java.util.Map.of(), "cpu", 1, "abc"));
        Path out = dir.resolve("merged");
        CliTest.Outcome o = CliTest.call("merge", s0.toString(), s1.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(3, new ResultStore(out).readAll().size());
        assertTrue(o.err().contains("3 runs from 2 folders"), o.err());
        assertTrue(Files.isRegularFile(out.resolve("lsq-cls").resolve("deploy").resolve(c.runId() + ".json")),
                "a shard's deploy record comes along with its result");
        assertTrue(Files.isRegularFile(out.resolve("tables").resolve("lsq-cls_deploy.md")), "and its deploy table is written");
        assertTrue(Files.isRegularFile(out.resolve("tables").resolve("claims.md"))
                || Files.list(out.resolve("tables")).anyMatch(p -> p.toString().endsWith(".md")), "tables written once");
    }

    @Test
    void conflictingCopiesFailNamingBothFilesAndWriteNothing() throws IOException {
        RunResult b = TestResults.ok("lsq-cls", "lsq", 4, 0, 85.0);
        RunResult other = TestResults.ok("lsq-cls", "lsq", 4, 0, 84.0); // same spec, hence run id; other numbers
        assertEquals(b.runId(), other.runId());
        Path s0 = shard("s0", b);
        Path s1 = shard("s1", other);
        Path out = dir.resolve("merged");
        CliTest.Outcome o = CliTest.call("merge", s0.toString(), s1.toString(), "--out", out.toString());
        assertEquals(2, o.code());
        String line = o.err().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.contains(s0.resolve("lsq-cls").resolve(b.runId() + ".json").toString())
                && line.contains(s1.resolve("lsq-cls").resolve(b.runId() + ".json").toString()), line);
        assertFalse(Files.exists(out), "nothing merged when copies disagree");
    }

    @Test
    void aMissingFolderOrMalformedFileIsAOneLineError() throws IOException {
        CliTest.Outcome missing = CliTest.call("merge", dir.resolve("nope").toString(), "--out", dir.resolve("m").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such results folder"), missing.err());
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad.resolve("lsq-cls"));
        Files.writeString(bad.resolve("lsq-cls").resolve("0123456789abcdef.json"), "{ not json");
        CliTest.Outcome malformed = CliTest.call("merge", bad.toString(), "--out", dir.resolve("m").toString());
        assertEquals(2, malformed.code());
        assertTrue(malformed.err().contains("0123456789abcdef.json"), malformed.err());
    }

    @Test
    void sameOutcomeIgnoresProvenance() {
        RunResult a = TestResults.ok("lsq-cls", "lsq", 2, 0, 80.0);
        RunResult b = TestResults.ok("lsq-cls", "lsq", 2, 0, 80.0);
        assertTrue(MergeCommand.sameOutcome(a, b));
        assertFalse(MergeCommand.sameOutcome(a, TestResults.ok("lsq-cls", "lsq", 2, 0, 80.5)));
        assertEquals(List.of(a.runId()), List.of(b.runId()));
    }
}
