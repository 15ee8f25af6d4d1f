package org.qbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Shard;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.Tasks;
import org.qbench.tasks.fixture.DenoiseFixtureTask;

/**
 * Run artifacts: a cell that reads another cell's trained model (an FP initialisation, a teacher) runs after it,
 * in the same shard, and starts from its weights.
 */
class RunArtifactsTest {

    private static Suite suite(String inputs) throws Exception {
        String json = "{\"schema\": 1, \"id\": \"deps\", \"description\": \"d\", \"tasks\": [\"cls-fmnist\"], \"methods\": ["
                + "{\"method\": \"lsq\", \"bits\": [2, 4]" + inputs + "}, {\"method\": \"fp32\", \"bits\": [32]}],"
                + " \"seeds\": [0, 1], \"first_last\": \"8bit\"}";
        return Json.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Suite.class, "deps.json");
    }

    @Test
    void theGridRunsACellAfterTheCellItReadsAndNoInputsKeepsRunIds() throws Exception {
        List<RunSpec> plain = suite("").expand(Budget.QUICK, null, null);
        assertEquals(List.of("lsq", "lsq", "lsq", "lsq", "fp32", "fp32"), plain.stream().map(RunSpec::method).toList());
        assertTrue(plain.stream().noneMatch(c -> c.canonicalJson().contains("inputs")), "no inputs, no field, same ids");
        List<RunSpec> cells = suite(", \"inputs\": {\"init\": {\"method\": \"fp32\", \"bits\": 32}}").expand(Budget.QUICK, null, null);
        assertEquals(List.of("fp32", "lsq", "fp32", "lsq", "lsq", "lsq"), cells.stream().map(RunSpec::method).toList(),
                "each fp32 cell moves before the first cell that reads it");
        Map<String, RunSpec> byId = new HashMap<>();
        cells.forEach(c -> byId.put(c.runId(), c));
        for (RunSpec c : cells.stream().filter(c -> c.method().equals("lsq")).toList()) {
            RunSpec init = byId.get(c.inputsOrEmpty().get("init"));
            assertEquals("fp32", init.method());
            assertEquals(c.seed(), init.seed(), "the same seed's full-precision model");
        }
    }

    @Test
    void aCellReadFromOutsideTheSuitesMethodsJoinsTheGridEvenOfAnotherTask() throws Exception {
        Suite s = suite(", \"inputs\": {\"teacher\": {\"task\": \"cls-cifar10\", \"method\": \"fp32\", \"bits\": 32}}");
        List<RunSpec> cells = s.expand(Budget.QUICK, null, null);
        assertEquals(8, cells.size(), "6 listed cells and one teacher per seed");
        for (RunSpec c : cells.stream().filter(c -> c.method().equals("lsq")).toList()) {
            RunSpec teacher = cells.stream().filter(t -> t.runId().equals(c.inputsOrEmpty().get("teacher"))).findFirst().orElseThrow();
            assertEquals("cls-cifar10", teacher.task());
            assertEquals(c.seed(), teacher.seed());
            assertTrue(cells.indexOf(teacher) < cells.indexOf(c), "the teacher runs first");
        }
        // A grid built by hand with a reader and no cell it reads is still refused.
        RunSpec orphan = cells.stream().filter(c -> c.method().equals("lsq")).findFirst().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Suite.dependenciesFirst(List.of(orphan)));
        assertTrue(e.getMessage().contains("reads the teacher model of cell") && e.getMessage().contains("not in the grid"),
                e.getMessage());
    }

    @Test
    void shardsKeepACellWithTheCellsItReads() throws Exception {
        List<RunSpec> cells = suite(", \"inputs\": {\"init\": {\"method\": \"fp32\", \"bits\": 32}}").expand(Budget.QUICK, null, null);
        List<RunSpec> union = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<RunSpec> mine = new Shard(i, 3).selectCells(cells);
            for (RunSpec c : mine) {
                for (String input : c.inputsOrEmpty().values()) {
                    assertTrue(mine.stream().anyMatch(d -> d.runId().equals(input)), "shard " + i + " lacks an input of " + c.label());
                }
            }
            union.addAll(mine);
        }
        assertEquals(cells.size(), union.size(), "every cell in exactly one shard");
        List<RunSpec> plain = suite("").expand(Budget.QUICK, null, null);
        assertEquals(new Shard(1, 3).select(plain), new Shard(1, 3).selectCells(plain), "without inputs, as before");
    }

    @Test
    void groupsGoToShardsInTurnAndReadersOfASavedModelSpreadOverEveryShard() throws Exception {
        Suite s = suite(", \"inputs\": {\"teacher\": {\"task\": \"cls-cifar10\", \"method\": \"fp32\", \"bits\": 32}}");
        List<RunSpec> cells = s.expand(Budget.QUICK, null, null);
        java.util.Set<String> teachers = new java.util.HashSet<>();
        cells.forEach(c -> teachers.addAll(c.inputsOrEmpty().values()));
        // Teachers not saved yet: each seed's teacher and readers form a group; the groups alternate over 2 shards.
        List<RunSpec> first = new Shard(0, 2).selectCells(cells, id -> false);
        List<RunSpec> second = new Shard(1, 2).selectCells(cells, id -> false);
        assertEquals(cells.size(), first.size() + second.size());
        assertTrue(!first.isEmpty() && !second.isEmpty(), "groups of different seeds go to different shards");
        // Teachers saved: no tie binds, every cell is a group of one, and the grid spreads cell by cell.
        List<RunSpec> freeFirst = new Shard(0, 2).selectCells(cells, teachers::contains);
        List<RunSpec> freeSecond = new Shard(1, 2).selectCells(cells, teachers::contains);
        assertEquals(cells.size(), freeFirst.size() + freeSecond.size());
        assertTrue(Math.abs(freeFirst.size() - freeSecond.size()) <= 1, freeFirst.size() + " vs " + freeSecond.size());
        assertEquals(new Shard(0, 2).select(cells), freeFirst, "as a grid without inputs");
        List<RunSpec> readers = cells.stream().filter(c -> !c.inputsOrEmpty().isEmpty()).toList();
        assertTrue(freeFirst.stream().anyMatch(readers::contains) && freeSecond.stream().anyMatch(readers::contains),
                "readers of saved teachers run on every shard");
    }

    @Test
    @Tag("slow")
    void aQuantizedCellStartsFromTheFullPrecisionModelItReads(@TempDir Path out) throws Exception {
        Tasks tasks = new Tasks(new DenoiseFixtureTask());
        RunSpec fp32 = RunSpec.of(tasks.get(DenoiseFixtureTask.ID), Methods.builtIn().get("fp32"), 32, 0, Budget.SMOKE,
                FirstLastPrecision.EIGHT_BIT);
        RunSpec scratch = RunSpec.of(tasks.get(DenoiseFixtureTask.ID), Methods.builtIn().get("lsq"), 8, 0, Budget.SMOKE,
                FirstLastPrecision.EIGHT_BIT);
        RunSpec fromFp32 = scratch.withInputs(Map.of("init", fp32.runId()));
        Map<String, Double> firstLoss = new HashMap<>();
        RunListener listener = new RunListener() {
            @Override
            public ProgressListener started(RunSpec spec, int position, int cells) {
                return new ProgressListener() {
                    @Override
                    public void loss(long step, double value) {
                        if (step == 1) {
                            firstLoss.put(spec.runId(), value);
                        }
                    }
                };
            }
        };
        ResultStore store = new ResultStore(out);
        Runner runner = new Runner(store, RunnerTest.ENV, Optional.empty(), tasks, Methods.builtIn());
        runner.run("deps", List.of(fp32, scratch, fromFp32), listener);
        assertTrue(Files.isRegularFile(store.artifactPath("deps", fp32.runId())), "the model a later cell reads is kept");
        assertTrue(!Files.exists(store.artifactPath("deps", scratch.runId())), "no other model is kept");
        assertTrue(firstLoss.get(fromFp32.runId()) < 0.5 * firstLoss.get(scratch.runId()),
                "starting from the trained fp32 weights, the first loss is far lower: " + firstLoss);
        // Its model gone, the cell that is read trains again so its readers can run; its result is unchanged.
        Files.delete(store.artifactPath("deps", fp32.runId()));
        Files.delete(store.pathOf("deps", fromFp32.runId()));
        runner.run("deps", List.of(fp32, fromFp32), RunListener.NONE);
        assertTrue(Files.isRegularFile(store.artifactPath("deps", fp32.runId())));
        assertTrue(Files.isRegularFile(store.pathOf("deps", fromFp32.runId())));
    }
}
