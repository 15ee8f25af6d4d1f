package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;

/** {@code qbench cost}: the suite's cost tables, consistent with what its runs recorded, and committed up to date. */
class CostCommandTest {

    @TempDir
    Path dir;

    private static List<CSVRecord> rows(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    @Test
    void totalsEqualTheCostEveryCommittedRunRecorded() throws IOException {
        CliTest.Outcome o = CliTest.call("cost", "--suite", "survey-cls", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        Path csv = dir.resolve("survey-cls_cls-fmnist_quick_cost.csv");
        assertTrue(o.out().contains(csv.toString()), o.out());
        Map<String, CSVRecord> totals = new HashMap<>();
        for (CSVRecord r : rows(csv)) {
            if (r.get("layer").equals("total")) {
                totals.put(r.get("method") + "/" + r.get("bits") + "/" + r.get("first_last"), r);
            }
        }
        assertEquals(17, totals.size(), "fp32 and four methods at four widths");
        List<RunResult> runs;
        try (var files = Files.list(Path.of("..", "results", "survey-cls"))) {
            runs = files.filter(f -> f.toString().endsWith(".json")).map(ResultStore::read).toList();
        }
        assertFalse(runs.isEmpty(), "the reference results of survey-cls are committed");
        for (RunResult run : runs) {
            CSVRecord t = totals.get(run.spec().method() + "/" + run.spec().bits() + "/" + run.spec().firstLast());
            String what = run.spec().label();
            assertEquals(run.cost().params(), Long.parseLong(t.get("params")), what);
            assertEquals(run.cost().modelBits(), Long.parseLong(t.get("size_bits")), what);
            assertEquals(run.cost().macs(), Long.parseLong(t.get("macs")), what);
            assertEquals(run.cost().bops(), Long.parseLong(t.get("bops")), what);
        }
    }

    @Test
    void committedCostTablesAreUpToDate() throws IOException {
        List<Path> written = CostCommand.write(org.qbench.harness.grid.Suites.builtIn().get("survey-cls"),
                org.qbench.tasks.Budget.QUICK, null, dir);
        assertEquals(3, written.size());
        for (Path p : written) {
            Path committed = Path.of("..", "paper-tables").resolve(p.getFileName());
            assertEquals(Files.readString(committed), Files.readString(p),
                    committed + " is stale: run ./qbench cost and commit the result");
        }
    }

    /** Regression: survey-sr's bicubic row (full precision, no layers) came first and was taken for the baseline. */
    @Test
    void theSrSuiteIsComparedWithItsFp32NetworkNotTheBicubicRow() throws IOException {
        CliTest.Outcome o = CliTest.call("cost", "--suite", "survey-sr", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(dir.resolve("survey-sr_sr-x4_quick_cost.md"));
        assertTrue(md.contains("| bicubic FP32 | — | 0 | 0.00 | 0.000 | 0.000 | 0.000 | — | — | — |"), md);
        assertTrue(md.contains("| 928.383 | 1.24 | −19.6 % | −40.6 % |"), "lsq W4A4, body quantized: " + md);
        assertTrue(md.contains("Reductions relative to fp32 FP32, the same network"), md);
        assertTrue(md.contains("reported): edsr-baseline style"), md);
        assertFalse(md.contains("# bicubic FP32"), md);
    }

    @Test
    void tablesLabelTheFiguresComputedAndStateTheConvention() throws IOException {
        CliTest.Outcome o = CliTest.call("cost", "--suite", "lsq-cls", "--budget", "smoke", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(dir.resolve("lsq-cls_cls-fmnist_smoke_cost.md"));
        assertTrue(md.contains("not measured, not reported"), md);
        assertTrue(md.contains("BOPs = MACs · b_w · b_a"), md);
        assertTrue(md.contains("OPs = FLOPs + BOPs / 64"), md);
        assertTrue(md.contains("# lsq W2A2 (first/last 8bit): cost per layer"), md);
        String tex = Files.readString(dir.resolve("lsq-cls_cls-fmnist_smoke_cost.tex"));
        assertTrue(tex.contains("\\toprule"), tex);
    }

    /** A method's variants (options) are models of their own: survey-sr's QuantSR ablations each get a row. */
    @Test
    void eachMethodVariantOfASuiteHasItsOwnRow() throws IOException {
        List<Path> written = CostCommand.write(org.qbench.harness.grid.Suites.builtIn().get("survey-sr"),
                org.qbench.tasks.Budget.QUICK, null, dir);
        List<String> totals = rows(written.get(0)).stream().filter(r -> r.get("layer").equals("total"))
                .map(r -> r.get("method") + " " + r.get("bits")).toList();
        assertTrue(totals.containsAll(List.of("quantsr 2", "quantsr (dqa=false) 2", "quantsr (rlq=false) 2")), totals.toString());
        assertEquals(totals.size(), new java.util.HashSet<>(totals).size(), "one row per variant and width: " + totals);
    }
}
