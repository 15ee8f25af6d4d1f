package org.qbench.harness.tables;

import java.util.Optional;
import org.qbench.harness.grid.RunSpec;
import org.qbench.tasks.CostBreakdown;

/**
 * The computed cost of a cell's model, layer by layer, for the tables that need more than the {@link
 * org.qbench.tasks.CostFigures} a result records (Bi-Real OPs for ablation and reduction tables). The cli implements
 * it with the task registry; the tables package may not depend on task-specific code, so it only asks.
 */
@FunctionalInterface
public interface CostModel {

    /** No cost model: tables fall back on the figures the results recorded, and print no OPs. */
    CostModel NONE = spec -> Optional.empty();

    /** The cost of the model this cell trains, or empty when it cannot be computed (an unregistered task or method). */
    Optional<CostBreakdown> of(RunSpec spec);
}
