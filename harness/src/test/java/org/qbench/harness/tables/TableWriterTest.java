package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;

/**
 * Generated tables against golden files. To regenerate the golden files on purpose after a deliberate
 * format change: {@code mvn -pl harness test -Dtest=TableWriterTest -Dgolden.update=true}.
 */
class TableWriterTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path REPORTED = Path.of("..", "paper-tables", "reported");

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
        List<Path> written = TableWriter.write(results(), dir, REPORTED);
        assertEquals(List.of("lsq-cls_cls-fmnist_quick.csv", "lsq-cls_cls-fmnist_quick.md", "lsq-cls_cls-fmnist_quick.tex",
                "lsq-cls_cls-fmnist_quick_bits.svg", "lsq-cls_cls-fmnist_quick_bits.png", "lsq-cls_cls-fmnist_quick_bops.svg",
                "lsq-cls_cls-fmnist_quick_bops.png"), written.stream().map(p -> p.getFileName().toString()).toList());
        assertGolden(written);
    }

    /** Compares the written tables (not the plots: {@code MetricPlotsTest} pins those) with their goldens. */
    private static void assertGolden(List<Path> written) throws IOException {
        for (Path p : written.stream().filter(f -> f.toString().matches(".*\\.(csv|md|tex)$")).toList()) {
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
        TableWriter.write(results(), dir.resolve("a"), REPORTED);
        TableWriter.write(shuffled, dir.resolve("b"), REPORTED);
        for (String f : List.of("lsq-cls_cls-fmnist_quick.csv", "lsq-cls_cls-fmnist_quick.md", "lsq-cls_cls-fmnist_quick.tex")) {
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

    /** The survey grid at 2/3/4 bits, 3 seeds: N2UQ clearly best at 2, overlapping at 3, clearly beaten at 4. */
    private static List<RunResult> survey(double n2uqAtTwo) {
        List<RunResult> r = new ArrayList<>();
        double[][] offsets = {{-0.2, 0.0, 0.2}};
        Object[][] cells = {
            {"fp32", 32, 90.0}, {"dorefa", 2, 80.0}, {"pact", 2, 82.0}, {"lsq", 2, 84.0}, {"n2uq", 2, n2uqAtTwo},
            {"dorefa", 3, 86.0}, {"pact", 3, 86.5}, {"lsq", 3, 87.0}, {"n2uq", 3, 87.1},
            {"dorefa", 4, 88.0}, {"pact", 4, 88.2}, {"lsq", 4, 89.5}, {"n2uq", 4, 88.5},
        };
        for (Object[] c : cells) {
            for (int seed = 0; seed < 3; seed++) {
                r.add(TestResults.ok("survey-cls", (String) c[0], (int) c[1], seed, (double) c[2] + offsets[0][seed]));
            }
        }
        return r;
    }

    @Test
    void theSurveyTableShowsReportedNumbersBesideAndAComputedVerdictRow() throws IOException {
        List<Path> written = TableWriter.write(survey(86.0), dir, REPORTED);
        assertEquals(List.of("survey-cls_cls-fmnist_quick.csv", "survey-cls_cls-fmnist_quick.md", "survey-cls_cls-fmnist_quick.tex",
                "survey-cls_cls-fmnist_quick_verdict.csv", "survey-cls_cls-fmnist_quick_bits.svg", "survey-cls_cls-fmnist_quick_bits.png",
                "survey-cls_cls-fmnist_quick_bops.svg", "survey-cls_cls-fmnist_quick_bops.png", "claims.csv", "claims.md"),
                written.stream().map(p -> p.getFileName().toString()).toList());
        assertGolden(written);
        String md = Files.readString(written.get(1));
        assertTrue(md.contains("| verdict: N2UQ is best at this bit width | supported | inconclusive | not supported |"), md);
        assertTrue(md.contains("| pact |") && md.contains("89.7"), "PACT's CIFAR-10 number appears beside, labelled reported");
    }

    @Test
    void theVerdictFlipsWhenTheFixtureNumbersChange() throws IOException {
        TableWriter.write(survey(86.0), dir.resolve("a"), REPORTED);
        TableWriter.write(survey(83.0), dir.resolve("b"), REPORTED);
        String before = Files.readString(dir.resolve("a/survey-cls_cls-fmnist_quick_verdict.csv"));
        String after = Files.readString(dir.resolve("b/survey-cls_cls-fmnist_quick_verdict.csv"));
        assertTrue(before.lines().anyMatch(l -> l.contains(",2,N2UQ is best at this bit width,supported,")), before);
        assertTrue(after.lines().anyMatch(l -> l.contains(",2,N2UQ is best at this bit width,not supported,")), after);
    }

    @Test
    void verdictsFollowTheIntervalRule() {
        CellStats a = CellStats.of(List.of(85.0, 86.0, 87.0), 0); // 86 ± 1
        CellStats b = CellStats.of(List.of(82.0, 83.0, 84.0), 0); // 83 ± 1
        CellStats c = CellStats.of(List.of(85.5, 86.5, 87.5), 0); // 86.5 ± 1: overlaps a
        assertEquals(Verdict.SUPPORTED, Verdict.judge("x", java.util.Map.of("x", a, "y", b)));
        assertEquals(Verdict.NOT_SUPPORTED, Verdict.judge("y", java.util.Map.of("x", a, "y", b)));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge("x", java.util.Map.of("x", a, "y", b, "z", c)));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge("x", java.util.Map.of("x", CellStats.of(List.of(99.0), 0), "y", b)),
                "one seed has no interval");
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge("x", java.util.Map.of("x", a)), "nothing to compare with");
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge("x", java.util.Map.of("y", b)), "no runs of the claimant");
    }

    @Test
    void theMeasuredTablesAndTheClaimLedgerInTheRepositoryAreThoseOfTheCommittedResults() throws IOException {
        List<RunResult> committed = new org.qbench.harness.results.ResultStore(Path.of("..", "results")).readAll();
        // With the cost model the cli passes, as 'qbench tables' writes them (ablation and reduction tables need it).
        List<Path> written = TableWriter.write(committed, dir.resolve("committed"), REPORTED, (ResultStore) null,
                new org.qbench.harness.cli.RegistryCostModel());
        List<Path> tables = written.stream().filter(p -> p.toString().matches(".*\\.(csv|md|tex)$")).toList();
        assertTrue(tables.size() >= 9, "survey-cls and lsq-cls tables, verdicts and the ledger: " + tables);
        for (Path p : tables) {
            Path inRepo = Path.of("..", "paper-tables").resolve(p.getFileName());
            assertEquals(Files.readString(inRepo), Files.readString(p),
                    inRepo + " is not what the committed results give: run 'qbench tables' and review the diff");
        }
    }

    @Test
    void theReportedTablesInTheRepositoryAreUpToDate() throws IOException {
        List<Path> written = ReportedTables.write(REPORTED, dir);
        assertEquals(30, written.size(), "csv, md and tex: one table for each of the three ImageNet/CIFAR files, seven (subset, metric) tables of sr-x4");
        for (Path p : written) {
            Path committed = Path.of("..", "paper-tables").resolve(p.getFileName());
            if (Boolean.getBoolean("golden.update")) {
                Files.copy(p, committed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertEquals(Files.readString(committed), Files.readString(p),
                    committed + " is stale: run 'qbench tables' (or this test with -Dgolden.update=true)");
        }
        String md = Files.readString(dir.resolve("reported_resnet18-imagenet.md"));
        assertTrue(md.contains("| dorefa [1] | 62.6 |") && md.contains("64.7"), "the DoReFa 2/2 discrepancy is shown: " + md);
        assertTrue(md.contains("reported (papers)"));
    }

    @Test
    void aMalformedReportedFileIsAOneLineErrorNamingFileAndLine() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("x.csv"), String.join(",", ReportedNumber.HEADER) + "\n"
                + "lsq,ResNet-18,ImageNet-1k,,,top1,%,,2,2,67.6,src,V,\n"
                + "lsq,ResNet-18,ImageNet-1k,,,top1,%,,3,3,seventy,src,V,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportedTables.write(bad, dir.resolve("o")));
        assertEquals(bad.resolve("x.csv") + " line 3: not a number (For input string: \"seventy\")", e.getMessage());
        Files.writeString(bad.resolve("x.csv"), String.join(",", ReportedNumber.HEADER) + "\n"
                + "lsq,ResNet-18,ImageNet-1k,,,top1,%,,2,2,67.6,src,AI,\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportedTables.write(bad, dir.resolve("o")))
                .getMessage().startsWith(bad.resolve("x.csv") + " line 2: confidence 'AI'"));
    }

    @Test
    void aReportedFileWithoutSubsetAndSettingReadsAsBothEmptyAndOneWithThemSplitsItsTables() throws IOException {
        Path legacy = Files.createDirectories(dir.resolve("legacy"));
        Files.writeString(legacy.resolve("x.csv"), String.join(",", ReportedNumber.LEGACY_HEADER) + "\n"
                + "lsq,ResNet-18,ImageNet-1k,top1,%,,2,2,67.6,src,V,\n");
        ReportedNumber n = ReportedNumber.read(legacy.resolve("x.csv")).get(0);
        assertEquals("", n.subset());
        assertEquals("", n.setting());
        Path sr = Files.createDirectories(dir.resolve("sr"));
        Files.writeString(sr.resolve("edsr.csv"), String.join(",", ReportedNumber.HEADER) + "\n"
                + "quantsr,EDSR,DIV2K,Set5,x4,psnr,dB,32.1,4,4,31.8,src,V,\n"
                + "quantsr,EDSR,DIV2K,Set14,x4,psnr,dB,28.5,4,4,28.3,src,V,\n");
        List<String> names = ReportedTables.write(sr, dir.resolve("sr-out")).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("reported_edsr_set5_x4.csv", "reported_edsr_set5_x4.md", "reported_edsr_set5_x4.tex",
                "reported_edsr_set14_x4.csv", "reported_edsr_set14_x4.md", "reported_edsr_set14_x4.tex"), names);
        assertTrue(Files.readString(dir.resolve("sr-out/reported_edsr_set5_x4.md")).startsWith("# EDSR on DIV2K (Set5, x4): psnr (dB), reported"));
    }

    /** PSNR and SSIM of one subset in one file: a table per metric, never one metric's values under the other's title. */
    @Test
    void aReportedFileWithTwoMetricsSplitsItsTablesByMetric() throws IOException {
        Path sr = Files.createDirectories(dir.resolve("sr2"));
        Files.writeString(sr.resolve("edsr.csv"), String.join(",", ReportedNumber.HEADER) + "\n"
                + "daq,EDSR,benchmark,Set5,x4,psnr,dB,32.1,4,4,31.85,src,V,\n"
                + "daq,EDSR,benchmark,Set5,x4,ssim,,0.894,4,4,0.887,src,V,\n");
        List<String> names = ReportedTables.write(sr, dir.resolve("sr2-out")).stream()
                .map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".md")).toList();
        assertEquals(List.of("reported_edsr_set5_x4_psnr.md", "reported_edsr_set5_x4_ssim.md"), names);
        String psnr = Files.readString(dir.resolve("sr2-out/reported_edsr_set5_x4_psnr.md"));
        String ssim = Files.readString(dir.resolve("sr2-out/reported_edsr_set5_x4_ssim.md"));
        assertTrue(psnr.startsWith("# EDSR on benchmark (Set5, x4): psnr (dB), reported") && psnr.contains("31.85"), psnr);
        assertTrue(ssim.startsWith("# EDSR on benchmark (Set5, x4): ssim, reported") && ssim.contains("0.887")
                && !ssim.contains("31.85"), ssim);
    }

    @Test
    void aMethodNoLongerRegisteredIsShownWithTheDeparturesItsRunsRecorded() throws IOException {
        var spec = new org.qbench.harness.grid.RunSpec("cls-fmnist", "retired", 4, 0, "quick", "8bit", 1, null, null, null, null, null, null);
        RunResult retired = TestResults.ok("lsq-cls", spec, 70.0);
        retired = new RunResult(retired.schema(), retired.runId(), spec, retired.status(), null, retired.metrics(),
                retired.training(), retired.cost(), retired.recipe(), List.of("recorded at run time"), retired.provenance(),
                null, null);
        List<RunResult> runs = new ArrayList<>(results());
        runs.add(retired);
        Path md = TableWriter.write(runs, dir.resolve("retired"), REPORTED).stream()
                .filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
        String text = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(text.contains("| retired | — | 70.00 (1) |"), text);
        assertTrue(text.indexOf("| lsq |") < text.indexOf("| retired |"), "registered methods first");
        assertTrue(text.contains("- retired departs from its paper: recorded at run time"), text);
    }

    @Test
    void latexEscapesSpecialsAndRendersRules() {
        assertEquals("89.5 $\\pm$ 0.2 (3) 50\\% a\\_b ---", TextTable.escape("89.5 ± 0.2 (3) 50% a_b —"));
    }

    @Test
    void resultsOfAnOlderMethodVersionAreLeftOutAndFailedRunsSayWhoDiverged() throws IOException {
        List<RunResult> runs = new ArrayList<>();
        runs.add(TestResults.ok("survey-cls", "n2uq", 4, 0, 80.0));
        runs.add(TestResults.ok("survey-cls", "n2uq", 4, 1, 82.0));
        // n2uq's version 1: no method_version in its spec
        runs.add(TestResults.ok("survey-cls", new org.qbench.harness.grid.RunSpec("cls-fmnist", "n2uq", 4, 2, "quick", "8bit",
                1, null, null, null, null, null, null), 10.0));
        var fault = new org.qbench.tasks.numerics.NumericsFault(1, 7, "forward", "model/02SequentialBlock/01QuantConv2d",
                "input quantizer (LsqQuantizer)", org.qbench.tasks.numerics.NumericsFault.QUANTIZER,
                new org.qbench.tasks.numerics.TensorStats(List.of(4L), 4, 4, 0, 0, null, null, null));
        runs.add(TestResults.failed("survey-cls", "lsq", 4, 0, org.qbench.tasks.numerics.NumericsReport.diverged(true, fault)));
        var engine = new org.qbench.tasks.numerics.NumericsFault(2, 9, "forward", "model/09QuantLinear",
                "the layer's matrix product", org.qbench.tasks.numerics.NumericsFault.ENGINE, fault.tensor());
        runs.add(TestResults.failed("survey-cls", "lsq", 4, 1, org.qbench.tasks.numerics.NumericsReport.diverged(true, engine)));
        runs.add(TestResults.failed("survey-cls", "lsq", 4, 2, org.qbench.tasks.numerics.NumericsReport.diverged(false, null)));
        List<Path> written = TableWriter.write(runs, dir, REPORTED);
        String md = Files.readString(written.stream().filter(p -> p.toString().endsWith("survey-cls_cls-fmnist_quick.md"))
                .findFirst().orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(md.contains("81.00 ± 1.41 (2)"), "the version-1 result is not pooled:\n" + md);
        assertTrue(md.contains("- left out, results of an older method or task version (rerun them to include them): n2uq v1 (1 runs)"), md);
        assertTrue(md.contains("- failed: lsq W4A4 seed 0: the method diverged: first non-finite value in a quantizer, "
                + "input quantizer (LsqQuantizer) of model/02SequentialBlock/01QuantConv2d, step 7"), md);
        assertTrue(md.contains("- failed: lsq W4A4 seed 1: the engine faulted: first non-finite value in a plain engine op, "
                + "the layer's matrix product of model/09QuantLinear, step 9"), md);
        assertTrue(md.contains("- failed: lsq W4A4 seed 2: diverged, origin unknown (not run with --check-numerics)"), md);
    }
}
