package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.TestResults;
import org.qbench.harness.compare.ComparisonTest;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;

/** {@code qbench compare} as CI calls it: exit codes and the report file. */
class CompareCommandTest {

    @Test
    void theCliExitsOneOnARegressionAndWritesTheReport(@TempDir Path dir) throws IOException {
        ResultStore base = new ResultStore(dir.resolve("base"));
        ResultStore same = new ResultStore(dir.resolve("same"));
        ResultStore worse = new ResultStore(dir.resolve("worse"));
        for (RunResult r : ComparisonTest.baseline()) {
            base.write(r);
            same.write(r);
        }
        for (RunResult r : ComparisonTest.with(ComparisonTest.baseline(), 1, TestResults.ok("lsq", 4, 0, 86.9))) {
            worse.write(r);
        }
        assertEquals(0, CliTest.call("compare", base.root().toString(), same.root().toString()).code());
        Path report = dir.resolve("out/report.md");
        CliTest.Outcome o = CliTest.call("compare", base.root().toString(), worse.root().toString(), "--report", report.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(Files.readString(report).contains("| regressed |"), Files.readString(report));
        assertEquals(2, CliTest.call("compare", dir.resolve("nope").toString(), base.root().toString()).code());
    }
}
