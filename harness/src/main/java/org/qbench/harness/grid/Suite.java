package org.qbench.harness.grid;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Tasks;

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
 * @param note a sentence the suite's tables print under their notes, e.g. why no reported number stands beside
 *     them (optional)
 * @param ablation an ablation study of one method's variants the suite runs, tabulated as
 *     {@code <table>_ablation.*} (optional)
 * @param reduction a claimed cost reduction against full-precision baselines the suite runs, tabulated as
 *     {@code <table>_reduction.*} (optional)
 */
public record Suite(
        int schema, String id, String description, List<String> tasks, List<MethodBits> methods, List<Long> seeds,
        String firstLast, Map<String, Integer> epochs, Claim claim, String reportedBeside,
        @JsonInclude(JsonInclude.Include.NON_NULL) String note,
        @JsonInclude(JsonInclude.Include.NON_NULL) Ablation ablation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Reduction reduction) {

    /** The suite format this code reads. */
    public static final int SCHEMA = 1;

    /**
     * A method and the bit widths it runs at in a suite.
     *
     * @param method method id
     * @param bits bit widths
     * @param inputs trained models of other cells of the grid its cells read, by role ({@code init}: start from
     *     its weights; {@code teacher}: distil from it); the cell read has the same task, seed and budget
     *     (optional)
     * @param activationBits the activations' width for every entry of {@code bits}, when it differs from the
     *     weights' (optional: {@code W4A8} is {@code "bits": [4], "activation_bits": 8})
     * @param options the method's options (optional; e.g. {@code {"gradient_scale": false}} for an LSQ ablation): the
     *     cells are a variant of the method, with a row of their own in the tables
     */
    public record MethodBits(String method, List<Integer> bits, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, CellRef> inputs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer activationBits,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> options) {
        /** Validates presence. */
        public MethodBits {
            Objects.requireNonNull(method, "method");
            if (bits == null || bits.isEmpty()) {
                throw new IllegalArgumentException("method '" + method + "' lists no bits");
            }
            bits = List.copyOf(bits);
            inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
            options = options == null ? Map.of() : Map.copyOf(options);
        }

        /** A method at these widths, reading no other cell's model. */
        public MethodBits(String method, List<Integer> bits) {
            this(method, bits, Map.of(), null, Map.of());
        }
    }

    /**
     * The cell whose trained model a method's cells read: the reader's task (or {@code task}, e.g. a CNN teacher's
     * {@code cls-fmnist} for a ViT), with the reader's seed and budget and the suite's epochs. A cell a suite's
     * methods do not list is added to the grid, so it runs first.
     *
     * @param task the task of the cell read (optional: the reader's)
     * @param method method id
     * @param bits bit width
     */
    public record CellRef(@JsonInclude(JsonInclude.Include.NON_NULL) String task, String method, int bits) {
        /** Validates presence. */
        public CellRef {
            Objects.requireNonNull(method, "method");
        }

        /** A cell of the reader's own task. */
        public CellRef(String method, int bits) {
            this(null, method, bits);
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
        // Checked at load, so a typo fails `qbench list`, not the tables after hours of runs.
        if (ablation != null) {
            requireRun(id, methods, "ablation", ablation.method(), ablation.bits());
        }
        if (reduction != null) {
            checkReduction(id, methods, reduction);
        }
    }

    /** A suite without an ablation study or a reduction claim (the form of every suite before they existed). */
    public Suite(int schema, String id, String description, List<String> tasks, List<MethodBits> methods, List<Long> seeds,
            String firstLast, Map<String, Integer> epochs, Claim claim, String reportedBeside, String note) {
        this(schema, id, description, tasks, methods, seeds, firstLast, epochs, claim, reportedBeside, note, null, null);
    }

    private static void requireRun(String suite, List<MethodBits> methods, String field, String method, int bits) {
        List<MethodBits> runs = methods.stream().filter(m -> m.method().equals(method)).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("suite '" + suite + "': " + field + ".method '" + method
                    + "' is not a method the suite runs");
        }
        if (runs.stream().noneMatch(m -> m.bits().contains(bits))) {
            throw new IllegalArgumentException("suite '" + suite + "': " + field + ".bits " + bits + " is not a width the suite runs '"
                    + method + "' at (" + runs.stream().flatMap(m -> m.bits().stream()).distinct().sorted().toList() + ")");
        }
    }

    private static void checkReduction(String suite, List<MethodBits> methods, Reduction r) {
        requireRun(suite, methods, "reduction", r.method(), r.bits());
        if (!(r.percent() > 0 && r.percent() < 100)) {
            throw new IllegalArgumentException("suite '" + suite + "': reduction.percent " + r.percent()
                    + " must lie strictly between 0 and 100");
        }
        if (!(r.maxPsnrDropDb() >= 0)) {
            throw new IllegalArgumentException("suite '" + suite + "': reduction.max_psnr_drop_db " + r.maxPsnrDropDb()
                    + " must be at least 0");
        }
        if (r.baselines().isEmpty()) {
            throw new IllegalArgumentException("suite '" + suite + "': reduction.baselines lists none");
        }
        for (Reduction.Baseline b : r.baselines()) {
            if (methods.stream().noneMatch(m -> m.method().equals(b.method()) && m.options().equals(b.options()))) {
                throw new IllegalArgumentException("suite '" + suite + "': reduction.baselines names '" + b.label()
                        + "', a variant the suite does not run");
            }
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
        Map<String, RunSpec> read = new LinkedHashMap<>(); // cells some cell reads, by run id
        for (String task : runTasks) {
            for (MethodBits m : methods) {
                for (int b : m.bits()) {
                    for (long seed : runSeeds) {
                        Map<String, String> inputs = new TreeMap<>();
                        m.inputs().forEach((role, ref) -> {
                            RunSpec dependency = cell(ref.task() == null ? task : ref.task(), ref.method(), ref.bits(), seed, budget);
                            read.putIfAbsent(dependency.runId(), dependency);
                            inputs.put(role, dependency.runId());
                        });
                        cells.add(cell(task, m.method(), b, seed, budget)
                                .withConfig(m.activationBits(), m.options(), Methods.builtIn().get(m.method()), Tasks.builtIn().get(task))
                                .withInputs(inputs));
                    }
                }
            }
        }
        // A cell read but not listed (a teacher of another task, say) joins the grid.
        Set<String> listed = new HashSet<>();
        cells.forEach(c -> listed.add(c.runId()));
        read.values().stream().filter(c -> !listed.contains(c.runId())).forEach(cells::add);
        return dependenciesFirst(cells);
    }

    private RunSpec cell(String task, String method, int bits, long seed, Budget budget) {
        return RunSpec.of(task, method, bits, seed, budget, FirstLastPrecision.fromId(firstLast)).withEpochs(epochs.get(budget.id()));
    }

    /**
     * The cells with every cell after the cells it reads (otherwise in grid order).
     *
     * @throws IllegalArgumentException when a cell reads one that is not in the grid, or cells read each other
     */
    public static List<RunSpec> dependenciesFirst(List<RunSpec> cells) {
        Map<String, RunSpec> byId = new LinkedHashMap<>();
        cells.forEach(c -> byId.put(c.runId(), c));
        List<RunSpec> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (RunSpec c : cells) {
            place(c, byId, placed, new HashSet<>(), ordered);
        }
        return ordered;
    }

    private static void place(RunSpec c, Map<String, RunSpec> byId, Set<String> placed, Set<String> visiting,
            List<RunSpec> ordered) {
        if (placed.contains(c.runId())) {
            return;
        }
        if (!visiting.add(c.runId())) {
            throw new IllegalArgumentException(c.label() + " reads a model that (through others) reads its own");
        }
        for (var input : c.inputsOrEmpty().entrySet()) {
            RunSpec dependency = byId.get(input.getValue());
            if (dependency == null) {
                throw new IllegalArgumentException(c.label() + " reads the " + input.getKey() + " model of cell "
                        + input.getValue() + ", which is not in the grid (add its method and bits to the suite)");
            }
            place(dependency, byId, placed, visiting, ordered);
        }
        placed.add(c.runId());
        ordered.add(c);
    }
}
