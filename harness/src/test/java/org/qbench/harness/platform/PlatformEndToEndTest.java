package org.qbench.harness.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.compare.Comparison;
import org.qbench.harness.grid.Claim;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.run.Environment;
import org.qbench.harness.run.RunListener;
import org.qbench.harness.run.Runner;
import org.qbench.harness.tables.TableWriter;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Metric;
import org.qbench.tasks.Tasks;
import org.qbench.tasks.fixture.DenoiseFixtureTask;

/**
 * The platform beyond classification, end to end, on a test task with three metrics of both directions on two
 * subsets ({@link DenoiseFixtureTask}): run → result → table → verdict → claim ledger → compare → plot, each
 * checked against a golden file under {@code src/test/resources/golden/platform/}.
 *
 * <p>Training numbers differ between CPUs, so the stages after the run read committed result files of one real
 * fixture run ({@code src/test/resources/fixture-results/}, made by {@link #regenerate}), and the run's own
 * golden is its result with every machine-dependent number masked. Regenerate the goldens on purpose with
 * {@code mvn -pl harness test -Dtest=PlatformEndToEndTest -Dgolden.update=true} (which also reruns the fixture
 * grid into the committed results).
 */
@Tag("slow")
class PlatformEndToEndTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/platform");
    private static final Path COMMITTED = Path.of("src/test/resources/fixture-results");
    private static final Environment ENV = new Environment("0123456789abcdef0123456789abcdef01234567", false, "test",
            "0.36.0", "PyTorch 2.7.1", "1", "cpu", "host");
    private static final Tasks TASKS = new Tasks(new DenoiseFixtureTask());
    private static final String SUITE = "fixture";

    /** The fixture's suite: lsq claimed best on the mean absolute error (lower is better) at 4 bits. */
    private static final Suite FIXTURE = new Suite(1, SUITE, "platform fixture", List.of(DenoiseFixtureTask.ID),
            List.of(new Suite.MethodBits("fp32", List.of(32)), new Suite.MethodBits("lsq+", List.of(4)),
                    new Suite.MethodBits("lsq", List.of(4))),
            List.of(0L, 1L), "8bit", Map.of(), new Claim("lsq", List.of(4), "LSQ is best at this bit width", "mae"), null, null);

    private static List<RunSpec> cells() {
        List<RunSpec> cells = new ArrayList<>();
        for (Suite.MethodBits m : FIXTURE.methods()) {
            for (int bits : m.bits()) {
                for (long seed : FIXTURE.seeds()) {
                    cells.add(RunSpec.of(TASKS.get(DenoiseFixtureTask.ID), Methods.builtIn().get(m.method()), bits, seed,
                            Budget.SMOKE, FirstLastPrecision.EIGHT_BIT));
                }
            }
        }
        return cells;
    }

    private static List<RunResult> runGrid(Path results) {
        return new Runner(new ResultStore(results), ENV, Optional.empty(), TASKS, Methods.builtIn())
                .run(SUITE, cells(), RunListener.NONE);
    }

    @Test
    void theRunProducesResultsOfEveryMetricInItsDirection(@TempDir Path out) throws IOException {
        List<RunResult> results = runGrid(out);
        assertEquals(6, results.size());
        for (RunResult r : results) {
            assertTrue(r.ok(), r.failure());
            assertEquals(6, r.metrics().size(), "psnr, ssim, mae on two subsets");
            for (Metric m : r.metrics()) {
                assertTrue(Double.isFinite(m.value()), m.toString());
                assertEquals(!m.name().equals("mae"), m.higherIsBetter(), m.toString());
            }
        }
        // Training works: full precision beats the noisy input (sigma 0.1 is 20 dB before denoising).
        for (RunResult r : results.stream().filter(r -> r.spec().method().equals("fp32")).toList()) {
            double psnr = r.metrics().stream().filter(m -> m.name().equals("psnr") && "sigma-0.1".equals(m.subset()))
                    .findFirst().orElseThrow().value();
            assertTrue(psnr > 21, r.spec().label() + ": psnr " + psnr);
        }
        RunResult lsq = results.stream().filter(r -> r.spec().method().equals("lsq")).findFirst().orElseThrow();
        golden("result-lsq-4-seed0.masked.json", masked(Files.readString(new ResultStore(out).pathOf(SUITE, lsq.runId()))));
        if (Boolean.getBoolean("golden.update")) {
            regenerate(out);
        }
    }

    /** Copies a real run's results into the committed fixture results the later stages read. */
    private static void regenerate(Path out) throws IOException {
        Path dir = COMMITTED.resolve(SUITE);
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> files = Files.list(out.resolve(SUITE))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
    }

    private static List<RunResult> committed() {
        return new ResultStore(COMMITTED).readAll();
    }

    @Test
    void tablesVerdictsAndTheClaimLedgerOfTheCommittedRunsMatchTheirGoldens(@TempDir Path out) throws IOException {
        List<Path> written = TableWriter.write(committed(), out, null, id -> Optional.of(FIXTURE));
        List<String> names = written.stream().map(p -> p.getFileName().toString()).toList();
        for (String subset : List.of("sigma-0-1", "sigma-0-2")) {
            String base = "fixture_fixture-denoise_smoke_" + subset;
            for (String suffix : List.of(".csv", ".md", "_verdict.csv")) {
                assertTrue(names.contains(base + suffix), names.toString());
                golden(base + suffix, Files.readString(out.resolve(base + suffix)));
            }
        }
        golden("claims.csv", Files.readString(out.resolve("claims.csv")));
        golden("claims.md", Files.readString(out.resolve("claims.md")));
    }

    @Test
    void plotsOfTheCommittedRunsMatchTheirGoldens(@TempDir Path out) throws IOException {
        List<Path> written = TableWriter.write(committed(), out, null, id -> Optional.of(FIXTURE));
        List<Path> svgs = written.stream().filter(p -> p.toString().endsWith(".svg")).toList();
        assertEquals(4, svgs.size(), "metric vs bits and vs BOPs, per subset: " + written);
        for (Path svg : svgs) {
            // Glyph outlines follow the machine's fonts: the golden pins structure, colours and every number.
            golden(svg.getFileName().toString() + ".golden", org.qbench.harness.plots.Svgs.fontIndependent(Files.readString(svg)));
        }
        assertEquals(4, written.stream().filter(p -> p.toString().endsWith(".png")).count());
    }

    @Test
    void compareFlagsAHundredthOfSsimAndPassesAThousandth() throws IOException {
        // Single-seed cells, so the margin is the metric's own tolerance (0.005 of SSIM), not the seeds' spread.
        List<RunResult> baseline = committed().stream().filter(r -> r.spec().seed() == 0).toList();
        Comparison dropped = Comparison.of(baseline, shifted(baseline, "lsq", "ssim", -0.01), Comparison.Tolerances.DEFAULT);
        assertTrue(dropped.failed());
        assertEquals(2, dropped.rows().stream().filter(r -> r.verdict() == Comparison.Verdict.REGRESSED).count(),
                "ssim on both subsets of lsq 4b");
        Comparison nudged = Comparison.of(baseline, shifted(baseline, "lsq", "ssim", -0.001), Comparison.Tolerances.DEFAULT);
        assertFalse(nudged.failed(), nudged.markdown());
        Comparison worseMae = Comparison.of(baseline, shifted(baseline, "lsq+", "mae", +0.01), Comparison.Tolerances.DEFAULT);
        assertTrue(worseMae.failed(), "a larger error is a regression of a lower-is-better metric");
        Comparison betterMae = Comparison.of(baseline, shifted(baseline, "lsq+", "mae", -0.01), Comparison.Tolerances.DEFAULT);
        assertFalse(betterMae.failed(), betterMae.markdown());
        golden("compare-ssim-drop.md", dropped.markdown());
    }

    /** The results with one method's metric moved by {@code delta} on every subset. */
    private static List<RunResult> shifted(List<RunResult> results, String method, String metric, double delta) {
        return results.stream().map(r -> !r.spec().method().equals(method) ? r : new RunResult(r.schema(), r.runId(), r.spec(),
                r.status(), r.failure(), r.metrics().stream().map(m -> !m.name().equals(metric) ? m
                        : new Metric(m.name(), m.value() + delta, m.unit(), m.higherIsBetter(), m.decimals(), m.tolerance(),
                                m.subset(), m.protocol())).toList(),
                r.training(), r.cost(), r.recipe(), r.methodDepartures(), r.provenance(), r.parity(), r.numerics())).toList();
    }

    /** A result file with every number that depends on the machine or the clock replaced by its type. */
    private static String masked(String json) throws IOException {
        ObjectNode root = (ObjectNode) Json.pretty().readTree(json);
        for (JsonNode m : root.get("metrics")) {
            ((ObjectNode) m).set("value", TextNode.valueOf("<number>"));
        }
        for (String section : List.of("training", "provenance")) {
            ObjectNode node = (ObjectNode) root.get(section);
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                if (!f.equals("suite") && !f.equals("dataset") && !f.equals("data_checksums") && !f.equals("seed")
                        && !f.equals("epochs") && !f.equals("steps")) {
                    node.set(f, TextNode.valueOf("<" + node.get(f).getNodeType().name().toLowerCase() + ">"));
                }
            }
        }
        return Json.pretty().writeValueAsString(root) + "\n";
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file), actual, "differs from " + file
                + " (regenerate with -Dgolden.update=true if the change is deliberate)");
    }
}
