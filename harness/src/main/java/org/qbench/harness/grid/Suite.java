package org.qbench.harness.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.tasks.Budget;

/**
 * A named experiment grid, stored as data in {@code suites/<id>.json}: tasks x (method, bit widths) x seeds.
 *
 * @param schema file format version (currently 1)
 * @param id stable id, also the results sub-folder
 * @param description one line for {@code qbench list}
 * @param tasks task ids
 * @param methods each method with the bit widths it runs at
 * @param seeds default seeds (overridable with {@code --seeds})
 * @param firstLast first/last-layer precision protocol id
 * @param epochs per budget id, training epochs instead of the budget's (optional; e.g. {@code {"quick": 2}}
 *     fits a large grid in its time target); recorded in every cell's spec
 * @param claim the claim the suite's table judges per bit width (optional)
 * @param reportedBeside a file under {@code paper-tables/reported/} whose numbers the suite's table shows
 *     beside the measured ones, labelled as reported (optional)
 */
public record Suite(
        int schema, String id, String description, List<String> tasks, List<MethodBits> methods, List<Long> seeds,
        String firstLast, Map<String, Integer> epochs, Claim claim, String reportedBeside) {

    /** The suite format this code reads. */
    public static final int SCHEMA = 1;

    /**
     * A method and the bit widths it runs at in a suite.
     *
     * @param method method id
     * @param bits bit widths
     */
    public record MethodBits(String method, List<Integer> bits) {
        /** Validates presence. */
        public MethodBits {
            Objects.requireNonNull(method, "method");
            if (bits == null || bits.isEmpty()) {
                throw new IllegalArgumentException("method '" + method + "' lists no bits");
            }
            bits = List.copyOf(bits);
        }
    }

    /** Validates presence and the schema version. */
    public Suite {
        if (schema != SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is not supported (expected " + SCHEMA + ")");
        }
        Objects.requireNonNull(id, "id");
        if (tasks == null || tasks.isEmpty() || methods == null || methods.isEmpty() || seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("suite '" + id + "' needs non-empty tasks, methods and seeds");
        }
        tasks = List.copyOf(tasks);
        methods = List.copyOf(methods);
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(firstLast, "firstLast");
        FirstLastPrecision.fromId(firstLast);
        epochs = epochs == null ? Map.of() : Map.copyOf(epochs);
        for (String budget : epochs.keySet()) {
            Budget.fromId(budget);
        }
    }

    /**
     * The grid in a fixed order (task, method, bits, seed), each cell validated.
     *
     * @param budget the budget every cell runs on
     * @param seedOverride seeds to use instead of the suite's, or null
     * @param taskOverride tasks to use instead of the suite's, or null
     */
    public List<RunSpec> expand(Budget budget, List<Long> seedOverride, List<String> taskOverride) {
        List<Long> runSeeds = seedOverride == null || seedOverride.isEmpty() ? seeds : seedOverride;
        List<String> runTasks = taskOverride == null || taskOverride.isEmpty() ? tasks : taskOverride;
        List<RunSpec> cells = new ArrayList<>();
        for (String task : runTasks) {
            for (MethodBits m : methods) {
                for (int b : m.bits()) {
                    for (long seed : runSeeds) {
                        cells.add(RunSpec.of(task, m.method(), b, seed, budget, FirstLastPrecision.fromId(firstLast))
                                .withEpochs(epochs.get(budget.id())));
                    }
                }
            }
        }
        return cells;
    }
}
