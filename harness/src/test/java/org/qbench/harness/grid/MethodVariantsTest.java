package org.qbench.harness.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.run.RunListener;
import org.qbench.harness.run.Runner;
import org.qbench.harness.tables.TableWriter;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.lsq.LsqOptions;
import org.qbench.methods.packqvit.PackQvitOptions;
import org.qbench.methods.quantsr.QuantsrOptions;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Task;
import org.qbench.tasks.Tasks;
import org.qbench.tasks.fixture.DenoiseFixtureTask;

/**
 * Separate weight and activation widths and typed method options in run specs, suites, the runner and tables:
 * written only when present (so no existing run id moves), read back as the method's options type, shown as
 * their own rows and columns.
 */
class MethodVariantsTest {

    private static final QuantMethod LSQ = Methods.builtIn().get("lsq");
    private static final Task CLS = Tasks.builtIn().get("cls-fmnist");

    private static RunSpec lsq4() {
        return RunSpec.of(CLS, LSQ, 4, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
    }

    @Test
    void widthsAndOptionsAreInTheSpecOnlyWhenPresentAndReadAsTheMethodsType() {
        RunSpec plain = lsq4();
        assertEquals(plain, plain.withConfig(4, Map.of(), LSQ, CLS), "equal widths and no options: the same spec");
        assertFalse(plain.canonicalJson().contains("activation_bits") || plain.canonicalJson().contains("options"));
        RunSpec ablation = plain.withConfig(8, Map.of("gradient_scale", false), LSQ, CLS);
        assertTrue(ablation.canonicalJson().contains("\"activation_bits\":8"), ablation.canonicalJson());
        assertTrue(ablation.canonicalJson().contains("\"options\":{\"gradient_scale\":false}"), ablation.canonicalJson());
        assertNotEquals(plain.runId(), ablation.runId());
        MethodConfig config = ablation.methodConfig(LSQ);
        assertEquals(new LsqOptions(false), config.options());
        assertEquals("W4A8", config.label());
        assertEquals("lsq (gradient_scale=false)", ablation.variant());
        assertEquals("cls-fmnist lsq (gradient_scale=false) W4A8 seed 0", ablation.label());
    }

    @Test
    void anOptionLeftOutTakesItsDefaultSoSuitesNameOnlyWhatTheyChange() {
        Task vit = Tasks.builtIn().get("vit-fmnist");
        RunSpec perChannel = RunSpec.of(vit, LSQ, 4, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT)
                .withConfig(null, Map.of("per_channel", true), LSQ, vit);
        assertEquals(new LsqOptions(true, true), perChannel.methodConfig(LSQ).options());
        QuantMethod packqvit = Methods.builtIn().get("packqvit");
        RunSpec hardswish = RunSpec.of(vit, packqvit, 4, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT)
                .withConfig(null, Map.of("activation", "hardswish"), packqvit, vit);
        PackQvitOptions read = (PackQvitOptions) hardswish.methodConfig(packqvit).options();
        assertEquals("hardswish", read.activation());
        assertEquals(PackQvitOptions.DEFAULTS.residualQuant(), read.residualQuant(), "left out: the default");
        assertEquals(PackQvitOptions.DEFAULTS.clipMin(), read.clipMin());
        assertEquals("packqvit (activation=hardswish, no teacher)", hardswish.variant(), "no teacher input given here");
    }

    @Test
    void quantsrOptionsReadFromSnakeCaseNamesAndFailInOneLine() {
        Task fixture = new DenoiseFixtureTask();
        QuantMethod quantsr = Methods.builtIn().get("quantsr");
        RunSpec plain = RunSpec.of(fixture, quantsr, 4, 0, Budget.SMOKE, FirstLastPrecision.FP32);
        RunSpec spec = plain.withConfig(null, Map.of("dqa_switch", 0.25, "eval_version", 1, "tanh_k", 2.0), quantsr, fixture);
        assertEquals(new QuantsrOptions(true, true, 0.25, 1, 2.0), spec.methodConfig(quantsr).options());
        RunSpec ablation = plain.withConfig(null, Map.of("rlq", false), quantsr, fixture);
        assertEquals(new QuantsrOptions(false, null, null, null, null), ablation.methodConfig(quantsr).options());
        String bad = assertThrows(IllegalArgumentException.class,
                () -> plain.withConfig(null, Map.of("eval_version", 5), quantsr, fixture).methodConfig(quantsr)).getMessage();
        assertTrue(bad.contains("eval_version") && !bad.contains("\n"), bad);
    }

    @Test
    void brveOptionsReadFromSnakeCaseNames() throws Exception {
        org.qbench.methods.brve.BrveOptions read = Json.compact().readerFor(org.qbench.methods.brve.BrveOptions.class)
                .readValue("{\"spatial_shift\": \"released\", \"shift\": \"temporal\", \"unets\": 2, \"depth\": 3, "
                        + "\"daca\": false}");
        assertEquals(new org.qbench.methods.brve.BrveOptions("released", "temporal", 2, 3, false), read);
        assertEquals(org.qbench.methods.brve.BrveOptions.DEFAULTS,
                Json.compact().readerFor(org.qbench.methods.brve.BrveOptions.class).readValue("{}"));
        assertThrows(Exception.class, () -> Json.compact().readerFor(org.qbench.methods.brve.BrveOptions.class)
                .readValue("{\"spatial_shift\": \"diagonal\"}"));
    }

    @Test
    void badWidthsAndOptionsAreOneLineErrorsNamingTheMethod() {
        QuantMethod fp32 = Methods.builtIn().get("fp32");
        RunSpec fp = RunSpec.of(CLS, fp32, 32, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        QuantMethod dorefa = Methods.builtIn().get("dorefa");
        RunSpec d4 = RunSpec.of(CLS, dorefa, 4, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        assertEquals("method 'dorefa' takes no options, got {x=1}",
                assertThrows(IllegalArgumentException.class, () -> d4.withConfig(null, Map.of("x", 1), dorefa, CLS))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> fp.withConfig(null, Map.of("network", "unet"), fp32,
                CLS)).getMessage().contains("network=unet"), "fp32's reference networks belong to low-light video");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> fp.withConfig(8, null, fp32, CLS)).getMessage()
                .contains("takes equal weight and activation bits only"));
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> lsq4().withConfig(null, Map.of("gradient_scal", false), LSQ, CLS)).getMessage();
        assertTrue(unknown.startsWith("options {gradient_scal=false} of method 'lsq': ") && unknown.contains("gradient_scal"),
                unknown);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> lsq4().withConfig(null, Map.of("gradient_scale", "often"), LSQ, CLS)).getMessage()
                .startsWith("options {gradient_scale=often} of method 'lsq': "));
    }

    @Test
    void aSuiteEntryCarriesWidthsAndOptionsIntoEveryCell() throws Exception {
        String json = "{\"schema\": 1, \"id\": \"v\", \"description\": \"d\", \"tasks\": [\"cls-fmnist\"], \"methods\": ["
                + "{\"method\": \"lsq\", \"bits\": [2, 4], \"activation_bits\": 8, \"options\": {\"gradient_scale\": false}}],"
                + " \"seeds\": [0], \"first_last\": \"8bit\"}";
        Suite suite = Json.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Suite.class, "v.json");
        List<RunSpec> cells = suite.expand(Budget.QUICK, null, null);
        assertEquals(List.of("W2A8", "W4A8"), cells.stream().map(RunSpec::widthLabel).toList());
        assertTrue(cells.stream().allMatch(c -> c.variant().equals("lsq (gradient_scale=false)")));
    }

    @Test
    @Tag("slow")
    void anAblationAndAMixedWidthTrainAndGetTheirOwnRowAndColumn(@TempDir Path out) throws Exception {
        Tasks tasks = new Tasks(new DenoiseFixtureTask());
        Task fixture = tasks.get(DenoiseFixtureTask.ID);
        RunSpec lsq = RunSpec.of(fixture, LSQ, 4, 0, Budget.SMOKE, FirstLastPrecision.EIGHT_BIT);
        List<RunSpec> cells = List.of(lsq, lsq.withConfig(null, Map.of("gradient_scale", false), LSQ, fixture),
                lsq.withConfig(8, null, LSQ, fixture));
        List<RunResult> results = new Runner(new ResultStore(out), new org.qbench.harness.run.Environment("abc", false, "test", "0.36.0", "PyTorch 2.7.1", "1", "cpu", "host"), Optional.empty(), tasks,
                Methods.builtIn()).run("variants", cells, RunListener.NONE);
        assertTrue(results.stream().allMatch(RunResult::ok));
        assertNotEquals(results.get(0).metrics(), results.get(1).metrics(), "the ablation trains differently");
        List<Path> written = TableWriter.write(results, out.resolve("tables"), null);
        String md = Files.readString(written.stream().filter(p -> p.toString().endsWith("sigma-0-1.md")).findFirst().orElseThrow());
        assertTrue(md.contains("| method | W4A4 | W4A8 |"), md);
        assertTrue(md.indexOf("| lsq |") < md.indexOf("| lsq (gradient_scale=false) |"), md);
        String csv = Files.readString(written.stream().filter(p -> p.toString().endsWith("sigma-0-1.csv")).findFirst().orElseThrow());
        assertTrue(csv.lines().findFirst().orElseThrow().contains(",bits,activation_bits,"), csv);
    }
}
