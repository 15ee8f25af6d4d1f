package org.qbench.harness.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.tables.CostModel;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.Task;
import org.qbench.tasks.Tasks;

/**
 * The cost model of the built-in tasks and methods, as {@code qbench cost} computes it: a cell's task costs the model
 * its method variant builds at its widths, first/last protocol and budget. Cached per model, since every seed of a cell
 * (and every subset of its table) asks for the same one. Lives in the cli because computing it needs the tasks'
 * own networks, which the tables package may not reach (see {@code LayeringTest}).
 */
public final class RegistryCostModel implements CostModel {

    private final Map<String, Optional<CostBreakdown>> cache = new HashMap<>();

    /** An empty cache. */
    public RegistryCostModel() {
        // Models are costed on first use.
    }

    @Override
    public Optional<CostBreakdown> of(RunSpec spec) {
        // Seeds and epochs do not change a model's shape; the variant (method and options) and widths do.
        String key = String.join("/", spec.task(), spec.variant(), Integer.toString(spec.bits()),
                Integer.toString(spec.activationBitsOrBits()), spec.firstLast(), spec.budget());
        return cache.computeIfAbsent(key, k -> compute(spec));
    }

    /** The cost of the cell's model, or empty for a task or method no longer registered or options it no longer reads. */
    static Optional<CostBreakdown> compute(RunSpec spec) {
        Optional<QuantMethod> method = Methods.builtIn().find(spec.method());
        Optional<Task> task = Tasks.builtIn().all().stream().filter(t -> t.id().equals(spec.task())).findFirst();
        if (method.isEmpty() || task.isEmpty()) {
            return Optional.empty();
        }
        try {
            MethodConfig config = spec.methodConfig(method.get());
            // A method that does not apply to the task (or options it no longer reads) has no model to cost.
            method.get().check(config, task.get().kind());
            return Optional.of(task.get().cost(method.get(), config, Budget.fromId(spec.budget())));
        } catch (IllegalArgumentException notApplicable) {
            return Optional.empty();
        }
    }
}
