package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qbench.harness.grid.RunSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;

/** The tables' cost model: what {@code qbench cost} computes, once per model, and nothing for unknown ids. */
class RegistryCostModelTest {

    @Test
    void aCellCostsItsModelOncePerVariantWhateverTheSeed() {
        RegistryCostModel costs = new RegistryCostModel();
        RunSpec seed0 = RunSpec.of("cls-fmnist", "lsq", 2, 0, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        RunSpec seed1 = RunSpec.of("cls-fmnist", "lsq", 2, 1, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        CostBreakdown c = costs.of(seed0).orElseThrow();
        assertSame(c, costs.of(seed1).orElseThrow(), "cached per model, not per seed");
        assertEquals(RegistryCostModel.compute(seed0).orElseThrow(), c);
        assertTrue(c.ops() > 0);
    }

    @Test
    void anUnregisteredTaskOrMethodHasNoCost() {
        RegistryCostModel costs = new RegistryCostModel();
        assertTrue(costs.of(new RunSpec("lowlight-video", "nope", 1, 0, "quick", "fp32", 1, null, null, null, null, null,
                Map.of("shift", "none"))).isEmpty());
        assertTrue(costs.of(new RunSpec("no-such-task", "lsq", 2, 0, "quick", "fp32", 1, null, null, null, null, null,
                null)).isEmpty());
        assertTrue(costs.of(new RunSpec("cls-fmnist", "brve", 1, 0, "quick", "fp32", 1, null, null, null, null, null, null))
                .isEmpty());
    }
}
