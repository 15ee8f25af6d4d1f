package org.qbench.harness.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.harness.run.WorkerPool;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.tasks.Budget;

/** Run specs: canonical JSON, stable ids, validation; suites and shards. */
class RunSpecTest {

    private static RunSpec spec(String method, int bits, long seed) {
        return RunSpec.of("cls-fmnist", method, bits, seed, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
    }

    @Test
    void canonicalJsonHasSortedKeysAndNoWhitespace() {
        assertEquals("{\"bits\":4,\"budget\":\"quick\",\"first_last\":\"8bit\",\"method\":\"lsq\",\"protocol\":1,\"seed\":0,"
                + "\"task\":\"cls-fmnist\"}", spec("lsq", 4, 0).canonicalJson());
    }

    @Test
    void runIdIsAStableHashOfTheSpec() {
        // Pinned: a change here orphans every committed result, so it must be deliberate (bump the protocol).
        assertEquals("53ad9c4f27c67829", spec("lsq", 4, 0).runId());
        assertEquals(spec("lsq", 4, 0).runId(), spec("lsq", 4, 0).runId());
        assertNotEquals(spec("lsq", 4, 0).runId(), spec("lsq", 4, 1).runId());
        assertTrue(spec("fp32", 32, 0).runId().matches("[0-9a-f]{16}"));
    }

    @Test
    void invalidCellsAreRejectedWithTheReason() {
        assertEquals("method 'lsq' does not support 5 bits (supported: [2, 3, 4, 8])",
                assertThrows(IllegalArgumentException.class, () -> spec("lsq", 5, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("lsq", 9, 0)).getMessage().contains("unsupported bit width 9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("nope", 4, 0)).getMessage().startsWith("unknown method 'nope'"));
        assertThrows(IllegalArgumentException.class, () -> spec("fp32", 8, 0));
    }

    @Test
    void theLsqSuiteExpandsToFp32AndLsqAtFourBitWidths() {
        List<RunSpec> grid = Suites.builtIn().get("lsq-cls").expand(Budget.SMOKE, null, null);
        assertEquals(List.of("fp32 32", "lsq 2", "lsq 3", "lsq 4", "lsq 8"),
                grid.stream().map(s -> s.method() + " " + s.bits()).toList());
        assertEquals(10, Suites.builtIn().get("lsq-cls").expand(Budget.SMOKE, List.of(0L, 1L), null).size());
    }

    @Test
    void theSurveySuiteIs17CellsTimes3SeedsWithTwoQuickEpochsAndATaskOverride() {
        Suite survey = Suites.builtIn().get(Suites.DEFAULT);
        List<RunSpec> quick = survey.expand(Budget.QUICK, null, null);
        assertEquals(51, quick.size());
        assertEquals(17, quick.stream().map(s -> s.method() + s.bits()).distinct().count());
        assertTrue(quick.stream().allMatch(s -> s.epochs() == 2 && s.task().equals("cls-fmnist")));
        assertTrue(survey.expand(Budget.SMOKE, null, null).stream().allMatch(s -> s.epochs() == null),
                "the override is per budget");
        assertTrue(survey.expand(Budget.QUICK, List.of(7L), List.of("cls-cifar10")).stream()
                .allMatch(s -> s.seed() == 7 && s.task().equals("cls-cifar10")));
    }

    @Test
    void anEpochOverrideChangesTheRunIdAndIsValidated() {
        RunSpec base = spec("lsq", 4, 0);
        assertEquals(base.runId(), base.withEpochs(null).runId());
        assertTrue(base.withEpochs(2).canonicalJson().contains("\"epochs\":2"));
        assertFalse(base.canonicalJson().contains("epochs"), "absent when null: old run ids stay valid");
        assertNotEquals(base.runId(), base.withEpochs(2).runId());
        assertThrows(IllegalArgumentException.class, () -> base.withEpochs(0));
    }

    @Test
    void aRevisedMethodWritesItsVersionAndNoOtherRunIdChanges() {
        assertEquals("1663b2347286027b", spec("lsq", 4, 0).withEpochs(2).runId(), "survey-cls's committed LSQ W4A4 seed 0");
        assertTrue(!spec("lsq", 4, 0).canonicalJson().contains("method_version"));
        RunSpec n2uq = spec("n2uq", 4, 0).withEpochs(2);
        assertTrue(n2uq.canonicalJson().contains("\"method_version\":2"), n2uq.canonicalJson());
        assertEquals(2, n2uq.methodVersionOrOne());
        RunSpec v1 = new RunSpec("cls-fmnist", "n2uq", 4, 0, "quick", "8bit", 1, 2, null, null, null, null, null);
        assertEquals("f95a76582f2075eb", v1.runId(), "the committed version-1 id is still what version 1 hashes to");
        assertNotEquals(v1.runId(), n2uq.runId());
        assertEquals(1, v1.methodVersionOrOne());
        assertThrows(IllegalArgumentException.class, () -> new RunSpec("cls-fmnist", "n2uq", 4, 0, "quick", "8bit", 1, 2, 1, null, null, null, null),
                "version 1 is written as an absent field, so each spec has one canonical form");
    }

    @Test
    void childShardsOfAShardPartitionIt() {
        WorkerPool pool = new WorkerPool(2, Path.of("logs"), "Main");
        List<Integer> cells = java.util.stream.IntStream.range(0, 23).boxed().toList();
        Shard parent = Shard.parse("1/3");
        List<Integer> union = new java.util.ArrayList<>();
        union.addAll(pool.childShard(parent, 0).select(cells));
        union.addAll(pool.childShard(parent, 1).select(cells));
        assertEquals(parent.select(cells), union.stream().sorted().toList());
    }

    @Test
    void shardsPartitionTheGrid() {
        List<Integer> cells = List.of(0, 1, 2, 3, 4, 5, 6);
        assertEquals(List.of(1, 4), Shard.parse("1/3").select(cells.subList(0, 6)));
        assertEquals(List.of(0, 3, 6), Shard.parse("0/3").select(cells));
        for (String bad : List.of("3/3", "-1/2", "1", "a/b", "0/0", "1/2/3")) {
            assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
        }
    }
}
