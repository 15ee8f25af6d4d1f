package org.qbench.harness.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
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
    void theDefaultSuiteExpandsToFp32AndLsqAtFourBitWidths() {
        List<RunSpec> grid = Suites.builtIn().get(Suites.DEFAULT).expand(Budget.SMOKE, null);
        assertEquals(List.of("fp32 32", "lsq 2", "lsq 3", "lsq 4", "lsq 8"),
                grid.stream().map(s -> s.method() + " " + s.bits()).toList());
        assertEquals(10, Suites.builtIn().get(Suites.DEFAULT).expand(Budget.SMOKE, List.of(0L, 1L)).size());
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
