package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.TestResults;
import org.qbench.harness.grid.Reduction;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.RunResult;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.CostFigures;
import org.qbench.tasks.LayerCost;
import org.qbench.tasks.Metric;
import org.qbench.tasks.TrainingFigures;

/**
 * A suite's ablation and reduction tables on hand-made results of the low-light suite (its file is a test fixture:
 * its task and methods need not be registered, a table is a function of the results alone) with a fake cost model,
 * each fixture variant placed to give one verdict: supported, refuted, inconclusive.
 */
class AblationReductionTablesTest {

    private static final String SUITE = "survey-lowlight";
    private static final String TASK = "lowlight-video";
    private static final String BASE = "survey-lowlight_lowlight-video_quick_firstlast-fp32";
    private static final String PHOTOS = "synthetic-photos";
    private static final String VIDEO = "h264";

    @TempDir
    Path dir;

    private static Suite lowlight() throws IOException {
        try (InputStream in = AblationReductionTablesTest.class.getClassLoader()
                .getResourceAsStream("suite-fixtures/survey-lowlight.json")) {
            return Json.parse(in, Suite.class, "survey-lowlight.json");
        }
    }

    private static RunSpec spec(String method, int bits, long seed, Map<String, Object> options) {
        return new RunSpec(TASK, method, bits, seed, "quick", "fp32", RunSpec.CURRENT_PROTOCOL, null, null, null, null, null,
                options.isEmpty() ? null : options);
    }

    /** Three seeds at mean ± 0.1 dB PSNR and mean ± 0.001 SSIM on each subset (sample std 0.1 and 0.001). */
    private static void add(List<RunResult> out, String method, int bits, Map<String, Object> options, long modelBits,
            double psnrPhotos, double ssimPhotos, double psnrVideo, double ssimVideo) {
        double[] offsets = {-1, 0, 1};
        for (int seed = 0; seed < 3; seed++) {
            RunSpec s = spec(method, bits, seed, options);
            double o = offsets[seed];
            List<Metric> metrics = List.of(
                    new Metric("psnr", psnrPhotos + 0.1 * o, "dB", true, 2, 0.05, PHOTOS, null),
                    new Metric("ssim", ssimPhotos + 0.001 * o, "", true, 4, 0.005, PHOTOS, null),
                    new Metric("psnr", psnrVideo + 0.1 * o, "dB", true, 2, 0.05, VIDEO, null),
                    new Metric("ssim", ssimVideo + 0.001 * o, "", true, 4, 0.005, VIDEO, null));
            out.add(new RunResult(RunResult.SCHEMA, s.runId(), s, RunResult.OK, null, metrics,
                    new TrainingFigures(1, 10, 2.0, 0.5, 640.0, 12.5, 0.7), new CostFigures(modelBits / 32, modelBits, 1000, 1000),
                    Map.of("model", "fixture"), List.of(), TestResults.provenance(SUITE, seed), null, null));
        }
    }

    /**
     * The ablation (params: full 1000) and the reduction (storage params: brve 1000, fp32 100 000, fp32 (network=unet)
     * 40 000; OPs: brve 100 000, both fp32 10 000 000).
     */
    private static List<RunResult> results() {
        List<RunResult> r = new ArrayList<>();
        add(r, "brve", 1, Map.of(), 32_000, 30.0, 0.900, 30.0, 0.900);
        add(r, "brve", 1, Map.of("shift", "none"), 32_000, 29.0, 0.890, 29.0, 0.950); // supported; video: SSIM higher
        add(r, "brve", 1, Map.of("daca", false), 28_800, 31.0, 0.910, 31.0, 0.910); // fewer params, better: refuted
        add(r, "brve", 1, Map.of("unets", 2), 25_600, 29.0, 0.890, 29.0, 0.890); // fewer params, worse: a trade-off
        add(r, "brve", 1, Map.of("depth", 3), 32_000, 30.05, 0.900, 30.05, 0.900); // within noise
        add(r, "fp32", 32, Map.of(), 3_200_000, 30.2, 0.905, 30.45, 0.91);
        add(r, "fp32", 32, Map.of("network", "unet"), 1_280_000, 30.2, 0.905, 30.45, 0.91);
        return r;
    }

    /** Params follow the recorded size here; OPs are the variants' own, as a cost model would compute them. */
    private static final Map<String, Long> OPS = Map.of("fp32", 10_000_000L, "fp32 (network=unet)", 10_000_000L);

    private static final CostModel COSTS = spec -> {
        long bits = results().stream().filter(r -> r.spec().variant().equals(spec.variant())).findFirst().orElseThrow()
                .cost().modelBits();
        long ops = OPS.getOrDefault(spec.variant(), 100_000L);
        int w = spec.bits();
        return Optional.of(new CostBreakdown("a fixture U-Net, one 64x64 raw frame", List.of(new LayerCost(1, "conv 3x3 s1",
                "hidden", "8x8x3x3", w, w, bits / 32, bits, ops * 64 / (w == 32 ? 64 : 1), 0, ops)), 0, 0));
    };

    private List<Path> write(List<RunResult> results, Suite suite, CostModel costs, Path out) {
        return TableWriter.write(results, out, null, id -> id.equals(SUITE) ? Optional.of(suite) : Optional.empty(), null, costs);
    }

    private static Map<String, CSVRecord> rows(Path csv, String... keys) throws IOException {
        Map<String, CSVRecord> rows = new HashMap<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.put(r.get(keys[0]) + " / " + r.get(keys[1]), r);
            }
        }
        return rows;
    }

    @Test
    void theAblationTableJudgesEachVariantOnEachSubset() throws IOException {
        List<Path> written = write(results(), lowlight(), COSTS, dir);
        List<String> names = written.stream().map(p -> p.getFileName().toString()).toList();
        for (String f : List.of(BASE + "_ablation.csv", BASE + "_ablation.md", BASE + "_ablation.tex")) {
            assertTrue(names.contains(f), f + " in " + names);
        }
        Map<String, CSVRecord> rows = rows(dir.resolve(BASE + "_ablation.csv"), "variant", "subset");
        assertEquals(10, rows.size(), "five variants on two subsets");
        assertEquals("reference", rows.get("brve / " + PHOTOS).get("verdict"));
        assertEquals("supported", rows.get("brve (shift=none) / " + PHOTOS).get("verdict"));
        assertEquals("equal params, higher PSNR", rows.get("brve (shift=none) / " + PHOTOS).get("reason"));
        assertEquals("inconclusive", rows.get("brve (shift=none) / " + VIDEO).get("verdict"));
        assertEquals("higher PSNR, lower SSIM", rows.get("brve (shift=none) / " + VIDEO).get("reason"));
        assertEquals("refuted", rows.get("brve (daca=false) / " + PHOTOS).get("verdict"));
        assertEquals("inconclusive", rows.get("brve (unets=2) / " + PHOTOS).get("verdict"));
        assertEquals("trade-off: more params, higher quality", rows.get("brve (unets=2) / " + PHOTOS).get("reason"));
        assertEquals("within noise", rows.get("brve (depth=3) / " + VIDEO).get("reason"));
        CSVRecord daca = rows.get("brve (daca=false) / " + PHOTOS);
        assertEquals("900", daca.get("params"));
        assertEquals("-10.00", daca.get("params_change_pct"));
        assertEquals("1.0000", daca.get("psnr_db_delta"));
        assertEquals("0.1000", daca.get("psnr_db_std"));
        assertEquals("3", daca.get("n"));
        String md = Files.readString(dir.resolve(BASE + "_ablation.md"));
        assertTrue(md.startsWith("# survey-lowlight on lowlight-video (quick): ablation of brve at W1A1\n"), md);
        assertTrue(md.contains("| brve | 1000 | — | 0.100 | — | 30.00 ± 0.10 (3) | — | 0.9000 ± 0.0010 (3) | — | reference |"), md);
        assertTrue(md.contains("| brve (daca=false) | 900 | −10.0 % | 0.100 | 0.0 % | 31.00 ± 0.10 (3) | +1.00 |"), md);
        assertTrue(md.contains("inconclusive (trade-off: more params, higher quality)"), md);
        assertTrue(md.contains("| refuted (the variant has fewer params and higher PSNR) |"), md);
        String tex = Files.readString(dir.resolve(BASE + "_ablation.tex"));
        assertTrue(tex.contains("& $\\Delta$ psnr") && !tex.contains("& Δ"), "Δ as math in the tabular: " + tex);
        assertTrue(md.contains("computed from each variant's shapes and bit widths by the qbench cost model (not measured), "
                + "for one input of a fixture U-Net, one 64x64 raw frame"), md);
        String ledger = Files.readString(dir.resolve("claims.md"));
        assertTrue(ledger.contains("| BRVE's full design has fewer parameters and higher PSNR/SSIM than each ablated variant | "
                + "survey-lowlight | lowlight-video on synthetic-photos | quick | psnr (dB) ↑ | W1A1 | refuted | brve 30.00 ± 0.10 (3) "
                + "| brve (daca=false) 31.00 ± 0.10 (3) | [" + BASE + "_ablation.md]"), ledger);
        assertTrue(ledger.contains("follow the rule printed under their table instead"), ledger);
        assertTrue(Files.readString(dir.resolve(BASE + "_ablation.tex")).contains("\\midrule"));
    }

    @Test
    void theReductionTableJudgesEachBaselineOnEachSubset() throws IOException {
        write(results(), lowlight(), COSTS, dir);
        Map<String, CSVRecord> rows = rows(dir.resolve(BASE + "_reduction.csv"), "baseline", "subset");
        assertEquals(4, rows.size(), "two baselines on two subsets");
        CSVRecord fp32 = rows.get("fp32 / " + PHOTOS);
        assertEquals("99.00", fp32.get("params_reduction_pct"), "1000 of 100 000 parameters as storage");
        assertEquals("99.00", fp32.get("ops_reduction_pct"));
        assertEquals("0.2000", fp32.get("psnr_db_drop"));
        assertEquals("supported", fp32.get("verdict"), fp32.get("reason"));
        assertEquals("inconclusive", rows.get("fp32 / " + VIDEO).get("verdict"), "0.45 ± 0.14 dB straddles 0.5 dB");
        CSVRecord unet = rows.get("fp32 (network=unet) / " + PHOTOS);
        assertEquals("97.50", unet.get("params_reduction_pct"));
        assertEquals("refuted", unet.get("verdict"));
        assertEquals("params reduction 97.50 % < 98.0 %", unet.get("reason"));
        String md = Files.readString(dir.resolve(BASE + "_reduction.md"));
        assertTrue(md.contains("| vs fp32 on synthetic-photos | 99.00 % | 99.00 % | 30.20 ± 0.10 (3) | 30.00 ± 0.10 (3) | 0.20 |"), md);
        assertTrue(md.contains("- vs `fp32 (network=unet)`: the suite's fp32 (network=unet) runs"), md);
        assertTrue(md.contains("| refuted (params reduction 97.50 % < 98.0 %) |"), md);
        assertTrue(md.contains("Cost is computed, not measured: by the qbench cost model from shapes and bit widths, for one "
                + "input of a fixture U-Net, one 64x64 raw frame"), md);
        assertTrue(md.contains("Quality is measured here"), md);
        String ledger = Files.readString(dir.resolve("claims.csv"));
        assertEquals(4, ledger.lines().filter(l -> l.contains(BASE + "_reduction.md")).count(), ledger);
    }

    @Test
    void aDropBeyondTheLimitEvenLessItsStdRefutesTheReduction() throws IOException {
        Suite s = lowlight();
        Reduction r = s.reduction();
        Suite strict = new Suite(s.schema(), s.id(), s.description(), s.tasks(), s.methods(), s.seeds(), s.firstLast(), s.epochs(),
                s.claim(), s.reportedBeside(), s.note(), s.ablation(),
                new Reduction(r.method(), r.bits(), r.percent(), 0.1, r.baselines(), r.statement()));
        write(results(), strict, COSTS, dir);
        Map<String, CSVRecord> rows = rows(dir.resolve(BASE + "_reduction.csv"), "baseline", "subset");
        assertEquals("refuted", rows.get("fp32 / " + VIDEO).get("verdict"), "0.45 − 0.14 dB is beyond 0.1 dB");
        assertEquals("inconclusive", rows.get("fp32 / " + PHOTOS).get("verdict"), "0.20 ± 0.14 dB straddles 0.1 dB");
    }

    @Test
    void withoutACostModelParamsComeFromTheResultsAndNoReductionIsSupported() throws IOException {
        write(results(), lowlight(), CostModel.NONE, dir);
        Map<String, CSVRecord> ablation = rows(dir.resolve(BASE + "_ablation.csv"), "variant", "subset");
        assertEquals("refuted", ablation.get("brve (daca=false) / " + PHOTOS).get("verdict"), "params as recorded suffice");
        assertEquals("", ablation.get("brve (daca=false) / " + PHOTOS).get("ops_bireal"));
        Map<String, CSVRecord> reduction = rows(dir.resolve(BASE + "_reduction.csv"), "baseline", "subset");
        assertEquals("inconclusive", reduction.get("fp32 / " + PHOTOS).get("verdict"));
        assertEquals("OPs not computed", reduction.get("fp32 / " + PHOTOS).get("reason"));
        assertEquals("refuted", reduction.get("fp32 (network=unet) / " + PHOTOS).get("verdict"));
        assertTrue(Files.readString(dir.resolve(BASE + "_reduction.md")).contains("OPs not computed (no cost model"));
    }

    @Test
    void bothTablesAreByteIdenticalWhateverTheOrderOfResults() throws IOException {
        List<RunResult> shuffled = new ArrayList<>(results());
        Collections.shuffle(shuffled, new Random(7));
        write(results(), lowlight(), COSTS, dir.resolve("a"));
        write(shuffled, lowlight(), COSTS, dir.resolve("b"));
        for (String f : List.of(BASE + "_ablation.csv", BASE + "_ablation.md", BASE + "_reduction.csv", BASE + "_reduction.tex",
                "claims.md")) {
            assertEquals(-1L, Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void aSuiteWithoutTheFieldsWritesNeitherTable() throws IOException {
        Suite s = lowlight();
        Suite plain = new Suite(s.schema(), s.id(), s.description(), s.tasks(), s.methods(), s.seeds(), s.firstLast(), s.epochs(),
                s.claim(), s.reportedBeside(), s.note());
        List<String> names = write(results(), plain, COSTS, dir).stream().map(p -> p.getFileName().toString()).toList();
        assertFalse(names.stream().anyMatch(n -> n.contains("_ablation") || n.contains("_reduction")), names.toString());
        assertFalse(Files.readString(dir.resolve("claims.md")).contains("ablation"));
    }
}
