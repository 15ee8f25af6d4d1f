package org.qbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.harness.TestResults;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Tasks;

/**
 * A corrupt result is not a finished cell: it is moved aside to {@code <runId>.json.corrupt} (never over an
 * earlier one), reported in one line, and its cell runs again; valid results, failed ones included, are skipped.
 */
class CorruptResultTest {

    @TempDir
    Path dir;

    private static final Environment ENV = new Environment("abc", false, "test", "0.36.0", "PyTorch 2.7.1", "2", "cpu", "host");

    private static RunSpec cell(long seed) {
        return RunSpec.of("cls-fmnist", "lsq", 2, seed, Budget.SMOKE, FirstLastPrecision.EIGHT_BIT);
    }

    /** What one call printed on stderr and returned. */
    private record Captured<T>(T value, String err) {}

    private static <T> Captured<T> capturingStderr(java.util.function.Supplier<T> call) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            T value = call.get();
            return new Captured<>(value, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    private List<RunResult> run(ResultStore store, RunnerTest.ScriptedTask task, List<RunSpec> cells, List<RunSpec> skipped) {
        return new Runner(store, ENV, Optional.empty(), new Tasks(task), Methods.builtIn()).run("suite", cells, new RunListener() {
            @Override
            public void skipped(RunSpec spec) {
                skipped.add(spec);
            }
        });
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aTruncatedResultIsMovedAsideReportedInOneLineAndItsCellRerun() throws IOException {
        ResultStore store = new ResultStore(dir);
        run(store, new RunnerTest.ScriptedTask(), List.of(cell(0), cell(2)), new ArrayList<>());
        Path file = store.pathOf("suite", cell(0).runId());
        byte[] whole = Files.readAllBytes(file);
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2); // as if the disk filled up during a copy
        Files.write(file, truncated);

        RunnerTest.ScriptedTask second = new RunnerTest.ScriptedTask();
        List<RunSpec> skipped = new ArrayList<>();
        Captured<List<RunResult>> rerun = capturingStderr(() -> run(store, second, List.of(cell(0), cell(2)), skipped));

        assertEquals(List.of(0L), second.seen, "the corrupt cell runs again, the valid one does not");
        assertEquals(List.of(cell(2)), skipped);
        assertEquals(1, rerun.value().size());
        Path aside = file.resolveSibling(cell(0).runId() + ".json.corrupt");
        assertArrayEquals(truncated, Files.readAllBytes(aside), "the evidence is kept as it was");
        RunResult fresh = ResultStore.read(file);
        assertEquals(80.0, fresh.metric("top1").orElseThrow().value(), "the rerun wrote its result");
        assertEquals(1, rerun.err().lines().count(), rerun.err());
        String line = rerun.err().strip();
        assertTrue(line.startsWith("qbench: " + file + " is corrupt ("), line);
        assertTrue(line.endsWith("); moved to " + cell(0).runId() + ".json.corrupt, rerunning the cell"), line);
        assertFalse(line.contains(file + ": "), "the file is named once: " + line);
        assertEquals(2, store.readAll().size(), "tables read the rerun result and ignore the corrupt one");

        Captured<List<RunResult>> third = capturingStderr(() -> run(store, second, List.of(cell(0), cell(2)), new ArrayList<>()));
        assertEquals(List.of(), third.value(), "once rerun, the cell is done");
        assertEquals("", third.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "schema 2|\"schema\" : 1,|\"schema\" : 2,|result schema 2 is not supported",
        "status|\"status\" : \"ok\"|\"status\" : \"done\"|status must be 'ok' or 'failed'",
        "unknown key|\"schema\" : 1,|\"schema\" : 1, \"extra\" : 0,|extra",
        "run_id not its spec|\"run_id\" : \"RUNID\"|\"run_id\" : \"ffffffffffffffff\"|does not match its spec",
        "empty file|ALL||No content",
        "null|ALL|null|not a result (null)",
        "array|ALL|[]|",
    })
    void aResultFileThatFailsTheSchemaIsNotAFinishedCell(String name, String from, String to, String reason) throws IOException {
        ResultStore store = new ResultStore(dir);
        RunResult valid = TestResults.ok("suite", "lsq", 2, 0, 81.0);
        Path file = store.write(valid);
        String text = Files.readString(file);
        String broken = from.equals("ALL") ? (to == null ? "" : to) : text.replace(from.replace("RUNID", valid.runId()), to);
        assertTrue(from.equals("ALL") || !broken.equals(text), "the fixture edit applies: " + from);
        Files.writeString(file, broken);

        List<String> report = new ArrayList<>();
        assertFalse(store.has("suite", valid.runId(), report::add));
        assertFalse(Files.exists(file), "moved away, so the cell runs");
        assertEquals(broken, Files.readString(file.resolveSibling(valid.runId() + ".json.corrupt")));
        assertEquals(1, report.size(), report.toString());
        assertTrue(report.get(0).startsWith("qbench: " + file + " is corrupt ("), report.get(0));
        assertTrue(report.get(0).contains(reason == null ? "" : reason), report.get(0));
        assertTrue(report.get(0).endsWith("); moved to " + valid.runId() + ".json.corrupt, rerunning the cell"), report.get(0));
        assertEquals(1, report.get(0).lines().count());
    }

    @Test
    void aValidResultOfAnotherRunUnderThisNameIsCorrupt() throws IOException {
        ResultStore store = new ResultStore(dir);
        RunResult other = TestResults.ok("suite", "lsq", 2, 1, 81.0);
        String runId = TestResults.ok("suite", "lsq", 2, 0, 81.0).runId();
        Files.createDirectories(store.pathOf("suite", runId).getParent());
        Files.copy(store.write(other), store.pathOf("suite", runId));

        List<String> report = new ArrayList<>();
        assertFalse(store.has("suite", runId, report::add));
        assertTrue(report.get(0).contains("run_id " + other.runId() + " does not match the file name " + runId), report.toString());
        assertTrue(store.has("suite", other.runId(), report::add), "the right file is untouched");
        assertEquals(1, report.size());
    }

    @Test
    void anEarlierCorruptFileIsNeverOverwritten() throws IOException {
        ResultStore store = new ResultStore(dir);
        String runId = cell(0).runId();
        Path file = store.pathOf("suite", runId);
        Files.createDirectories(file.getParent());
        Path first = file.resolveSibling(runId + ".json.corrupt");
        Files.writeString(first, "first evidence");
        Files.writeString(file, "{\"schema\": 1, \"run_");

        List<String> report = new ArrayList<>();
        assertFalse(store.has("suite", runId, report::add));
        assertEquals("first evidence", Files.readString(first));
        assertEquals("{\"schema\": 1, \"run_", Files.readString(file.resolveSibling(runId + ".json.corrupt.1")));
        assertTrue(report.get(0).endsWith("moved to " + runId + ".json.corrupt.1, rerunning the cell"), report.toString());

        Files.writeString(file, "{");
        assertFalse(store.has("suite", runId, report::add));
        assertEquals("{", Files.readString(file.resolveSibling(runId + ".json.corrupt.2")));
        assertEquals(List.of(runId + ".json.corrupt", runId + ".json.corrupt.1", runId + ".json.corrupt.2"), namesIn(file.getParent()));
    }

    @Test
    void validResultsOkOrFailedAreSkippedAndLeftAlone() throws IOException {
        ResultStore store = new ResultStore(dir);
        List<RunResult> results = List.of(TestResults.ok("suite", "lsq", 2, 0, 81.0), TestResults.failed("lsq", 2, 1));
        List<String> report = new ArrayList<>();
        for (RunResult r : results) {
            Path file = store.write(r);
            byte[] before = Files.readAllBytes(file);
            assertTrue(store.has(r.provenance().suite(), r.runId(), report::add), r.status());
            assertArrayEquals(before, Files.readAllBytes(file));
        }
        assertEquals(List.of(), report);
        assertFalse(store.has("suite", "0000000000000000", report::add), "no file, no result");
        assertEquals(List.of(), report, "a missing file is not reported");
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().contains(ResultStore.CORRUPT)));
        }

        // the runner skips a failed result too: it is a finished cell
        RunnerTest.ScriptedTask task = new RunnerTest.ScriptedTask();
        run(store, task, List.of(cell(1)), new ArrayList<>());
        assertEquals(List.of(1L), task.seen);
        RunnerTest.ScriptedTask again = new RunnerTest.ScriptedTask();
        List<RunSpec> skipped = new ArrayList<>();
        Captured<List<RunResult>> rerun = capturingStderr(() -> run(store, again, List.of(cell(1)), skipped));
        assertEquals(List.of(), again.seen);
        assertEquals(List.of(cell(1)), skipped);
        assertEquals("", rerun.err());
    }

    @Test
    void readAllIgnoresCorruptFilesMovedAside() throws IOException {
        ResultStore store = new ResultStore(dir);
        RunResult valid = TestResults.ok("suite", "lsq", 2, 0, 81.0);
        Path file = store.write(valid);
        Files.writeString(file.resolveSibling(valid.runId() + ".json.corrupt"), "{\"schema\": 1, \"run_");
        Files.writeString(file.resolveSibling(valid.runId() + ".json.corrupt.1"), "not json");
        Files.writeString(file.resolveSibling("ffffffffffffffff.json.corrupt"), Json.pretty().writeValueAsString(valid));
        assertEquals(List.of(valid), store.readAll());
    }

    @Test
    void existsIsABareCheckThatMovesNothing() throws IOException {
        ResultStore store = new ResultStore(dir);
        Path file = store.pathOf("suite", cell(0).runId());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{");
        assertTrue(store.exists("suite", cell(0).runId()));
        assertEquals(List.of(cell(0).runId() + ".json"), namesIn(file.getParent()));
    }
}
