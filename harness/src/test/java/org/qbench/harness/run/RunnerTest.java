package org.qbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.TestResults;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.Methods;
import org.qbench.methods.TaskKind;
import org.qbench.tasks.Budget;
import org.qbench.tasks.DivergedException;
import org.qbench.tasks.Task;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.Tasks;

/** The runner: resume, failure recording, atomic result files. */
class RunnerTest {

    @TempDir
    Path dir;

    /** A stand-in for cls-fmnist that diverges on seed 1 and records every call. */
    static final class ScriptedTask implements Task {
        final List<Long> seen = new ArrayList<>();

        @Override
        public String id() {
            return "cls-fmnist";
        }

        @Override
        public String description() {
            return "scripted";
        }

        @Override
        public TaskKind kind() {
            return TaskKind.CNN_CLASSIFICATION;
        }

        @Override
        public void prepareData(java.util.Optional<java.nio.file.Path> dataDir) {
            // no data
        }

        @Override
        public TaskOutcome run(TaskContext context) {
            seen.add(context.seed());
            if (context.seed() == 1) {
                throw new DivergedException(1, 3, Double.NaN);
            }
            return TestResults.outcome(80 + context.seed());
        }

        @Override
        public org.qbench.tasks.CostBreakdown cost(
                org.qbench.methods.QuantMethod method, org.qbench.methods.MethodConfig config, Budget budget) {
            throw new UnsupportedOperationException("the runner never asks for the cost model");
        }
    }

    static final Environment ENV = new Environment("abc", false, "test", "0.36.0", "PyTorch 2.7.1", "2", "cpu", "host");

    private static List<RunSpec> grid(long... seeds) {
        List<RunSpec> cells = new ArrayList<>();
        for (long s : seeds) {
            cells.add(RunSpec.of("cls-fmnist", "lsq", 2, s, Budget.SMOKE, FirstLastPrecision.EIGHT_BIT));
        }
        return cells;
    }

    @Test
    void aDivergedRunIsRecordedAsFailedAndTheNextRunStillExecutes() {
        ScriptedTask task = new ScriptedTask();
        ResultStore store = new ResultStore(dir);
        Runner runner = new Runner(store, ENV, Optional.empty(), new Tasks(task), Methods.builtIn());
        List<RunResult> results = runner.run("suite", grid(0, 1, 2), RunListener.NONE);
        assertEquals(List.of(0L, 1L, 2L), task.seen);
        assertEquals(List.of("ok", "failed", "ok"), results.stream().map(RunResult::status).toList());
        RunResult failed = ResultStore.read(store.pathOf("suite", grid(1).get(0).runId()));
        assertEquals("diverged: loss became NaN at epoch 1, step 3", failed.failure());
        assertTrue(failed.metrics().isEmpty());
        assertEquals(82.0, ResultStore.read(store.pathOf("suite", grid(2).get(0).runId())).metric("top1").orElseThrow().value());
    }

    @Test
    void aRerunSkipsFinishedCellsAndRunsOnlyTheMissingOnes() throws IOException {
        ResultStore store = new ResultStore(dir);
        new Runner(store, ENV, Optional.empty(), new Tasks(new ScriptedTask()), Methods.builtIn()).run("suite", grid(0, 2), RunListener.NONE);
        // As if the process had been killed while writing seed 3: only a temp file is left.
        Files.writeString(dir.resolve("suite").resolve("." + grid(3).get(0).runId() + ".123.tmp"), "{\"half\":");

        ScriptedTask second = new ScriptedTask();
        List<RunSpec> skipped = new ArrayList<>();
        List<RunResult> produced = new Runner(store, ENV, Optional.empty(), new Tasks(second), Methods.builtIn())
                .run("suite", grid(0, 2, 3), new RunListener() {
                    @Override
                    public void skipped(RunSpec spec) {
                        skipped.add(spec);
                    }
                });
        assertEquals(List.of(3L), second.seen, "only the unfinished cell runs again");
        assertEquals(2, skipped.size());
        assertEquals(1, produced.size());
        java.nio.file.Files.createDirectories(dir.resolve(ResultStore.KERNELS));
        java.nio.file.Files.writeString(dir.resolve(ResultStore.KERNELS).resolve("jvm-simd_full.json"), "{\"schema\": 1}");
        assertEquals(3, store.readAll().size(), "neither the stale temp file nor a kernel report is read as a result");
    }

    @Test
    void resultFilesRoundTripExactly() throws IOException {
        ResultStore store = new ResultStore(dir);
        RunResult original = TestResults.ok("lsq", 4, 7, 91.25);
        Path file = store.write(original);
        assertEquals(original, ResultStore.read(file));
        assertFalse(Files.list(file.getParent()).anyMatch(p -> p.toString().endsWith(".tmp")), "no temp file left behind");
    }

    @Test
    void malformedResultFilesAreNamedInOneLine() throws IOException {
        Path suite = Files.createDirectories(dir.resolve("suite"));
        Path bad = Files.writeString(suite.resolve("0000000000000000.json"), "{\"schema\": 1, \"run_id\": ");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ResultStore(dir).readAll());
        assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Files.writeString(bad, Files.readString(bad) + "\"x\"}");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ResultStore(dir).readAll())
                .getMessage().contains("spec"), "a result without its spec is malformed");
    }
}
