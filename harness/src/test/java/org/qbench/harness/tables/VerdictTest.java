package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict rule in both directions, on hand-made cells. */
class VerdictTest {

    private static CellStats cell(double... values) {
        return CellStats.of(java.util.Arrays.stream(values).boxed().sorted().toList(), 0);
    }

    private static Map<String, CellStats> cells(CellStats claimant, CellStats other) {
        Map<String, CellStats> m = new LinkedHashMap<>();
        m.put("x", claimant);
        m.put("y", other);
        return m;
    }

    @Test
    void higherIsBetterJudgesIntervalsAbove() {
        assertEquals(Verdict.SUPPORTED, Verdict.judge("x", cells(cell(90, 91), cell(80, 81)), true));
        assertEquals(Verdict.NOT_SUPPORTED, Verdict.judge("x", cells(cell(80, 81), cell(90, 91)), true));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge("x", cells(cell(80, 90), cell(84, 86)), true));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge("x", cells(cell(90), cell(80, 81)), true), "one seed");
    }

    @Test
    void lowerIsBetterMirrorsTheRule() {
        // An error metric: the claimant's lower interval wins.
        assertEquals(Verdict.SUPPORTED, Verdict.judge("x", cells(cell(0.05, 0.06), cell(0.09, 0.10)), false));
        assertEquals(Verdict.NOT_SUPPORTED, Verdict.judge("x", cells(cell(0.09, 0.10), cell(0.05, 0.06)), false));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge("x", cells(cell(0.05, 0.10), cell(0.07, 0.08)), false));
        assertEquals("y", Verdict.bestOther("x", Map.of("x", cell(1, 2), "y", cell(3, 4)), false).orElseThrow().getKey());
    }

    @Test
    void theRuleTextSaysWhichWay() {
        assertEquals(Verdict.RULE, Verdict.rule(true));
        assertEquals(List.of(true, true), List.of(Verdict.rule(false).contains("lies below every other"),
                Verdict.rule(false).contains("another method's lies below")));
    }
}
