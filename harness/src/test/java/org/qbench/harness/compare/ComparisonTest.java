package org.qbench.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.harness.TestResults;
import org.qbench.harness.compare.Comparison.Verdict;
import org.qbench.harness.results.RunResult;

/** The regression gate: every outcome, and the CLI's exit codes and report. */
public class ComparisonTest {

    /** Three cells, one seed each. */
    public static List<RunResult> baseline() {
        return List.of(TestResults.ok("fp32", 32, 0, 90.0), TestResults.ok("lsq", 4, 0, 89.0), TestResults.ok("lsq", 2, 0, 87.0));
    }

    private static List<Verdict> verdicts(Comparison c) {
        return c.rows().stream().map(Comparison.Row::verdict).toList();
    }

    /** The list with one result replaced. */
    public static List<RunResult> with(List<RunResult> base, int index, RunResult replacement) {
        List<RunResult> copy = new ArrayList<>(base);
        copy.set(index, replacement);
        return copy;
    }

    @Test
    void identicalSetsPass() {
        Comparison c = Comparison.of(baseline(), baseline(), Comparison.Tolerances.DEFAULT);
        assertFalse(c.failed());
        assertEquals(List.of(Verdict.UNCHANGED, Verdict.UNCHANGED, Verdict.UNCHANGED), verdicts(c));
    }

    @Test
    void aTwoPointDropFailsAndASmallOneDoesNot() {
        assertTrue(Comparison.of(baseline(), with(baseline(), 1, TestResults.ok("lsq", 4, 0, 87.0)), Comparison.Tolerances.DEFAULT).failed());
        assertFalse(Comparison.of(baseline(), with(baseline(), 1, TestResults.ok("lsq", 4, 0, 88.6)), Comparison.Tolerances.DEFAULT).failed());
    }

    @Test
    void aMissingOrFailedCellFails() {
        Comparison missing = Comparison.of(baseline(), baseline().subList(0, 2), Comparison.Tolerances.DEFAULT);
        assertTrue(missing.failed());
        assertTrue(verdicts(missing).contains(Verdict.MISSING));
        Comparison failed = Comparison.of(baseline(), with(baseline(), 2, TestResults.failed("lsq", 2, 0)), Comparison.Tolerances.DEFAULT);
        assertTrue(failed.failed());
    }

    @Test
    void improvementsAndNewCellsAreReportedAndPass() {
        List<RunResult> candidate = new ArrayList<>(with(baseline(), 2, TestResults.ok("lsq", 2, 0, 88.5)));
        candidate.add(TestResults.ok("lsq", 8, 0, 90.1));
        Comparison c = Comparison.of(baseline(), candidate, Comparison.Tolerances.DEFAULT);
        assertFalse(c.failed());
        assertTrue(verdicts(c).contains(Verdict.IMPROVED));
        assertTrue(verdicts(c).contains(Verdict.NEW));
        assertTrue(c.markdown().startsWith("# qbench compare\n\n**PASS**"), c.markdown());
    }

    @Test
    void theMarginGrowsWithBaselineNoise() {
        List<RunResult> noisy = List.of(TestResults.ok("lsq", 4, 0, 88.0), TestResults.ok("lsq", 4, 1, 90.0), TestResults.ok("lsq", 4, 2, 89.0));
        // Baseline std 1.0: a 1.5-point drop is within 2 sigma.
        Comparison c = Comparison.of(noisy, List.of(TestResults.ok("lsq", 4, 0, 87.5)), Comparison.Tolerances.DEFAULT);
        assertFalse(c.failed());
        assertEquals(2.0, c.rows().get(0).margin(), 1e-9);
    }

    @Test
    void aRevisedMethodsCellsAreNewCellsNotComparedWithTheOldVersion() {
        var v1 = new org.qbench.harness.grid.RunSpec("cls-fmnist", "n2uq", 4, 0, "quick", "8bit", 1, null, null, null, null, null, null);
        List<RunResult> baseline = List.of(TestResults.ok("lsq-cls", v1, 83.0));
        List<RunResult> candidate = List.of(TestResults.ok("n2uq", 4, 0, 88.0)); // version 2
        Comparison c = Comparison.of(baseline, candidate, Comparison.Tolerances.DEFAULT);
        assertTrue(c.failed(), "the version-1 cell is missing from the candidate");
        assertEquals(2, c.rows().size(), "two cells, not one compared across versions");
    }
}
