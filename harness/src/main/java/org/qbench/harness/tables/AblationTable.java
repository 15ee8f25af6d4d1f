package org.qbench.harness.tables;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.qbench.harness.grid.Ablation;
import org.qbench.harness.results.RunResult;
import org.qbench.tasks.CostBreakdown;

/**
 * A suite's ablation study, {@code <table>_ablation.{csv,md,tex}}: one row per variant of the ablated method at its
 * bit width (the method as published first, the "full" reference, then each variant with options), its params and
 * Bi-Real OPs and their change from the full method, then per evaluation subset the quality metrics (PSNR and SSIM)
 * as mean ± std over seeds, the change from the full method, and a computed verdict on "the full design has fewer
 * (or equal) parameters and higher quality than this variant". Every verdict goes to the claim ledger.
 *
 * <p>Verdict per variant and subset, with the interval rule of {@link Verdict#clearlyAbove}: supported when the full
 * method has at most the variant's params, its PSNR interval lies above the variant's and its SSIM interval not
 * below; refuted when it has at least the variant's params and its PSNR interval lies below; otherwise
 * inconclusive, with the reason in the CSV (within noise, a trade-off, fewer than 2 seeds).
 */
final class AblationTable {

    static final String RULE = "supported when the full method has at most the variant's params, its PSNR mean ± std "
            + "interval lies above the variant's and its SSIM interval not below it; refuted when it has at least the "
            + "variant's params and its PSNR interval lies below the variant's; inconclusive otherwise (the reason is "
            + "in the CSV) or with fewer than 2 seeds";

    private AblationTable() {}

    /** The quality metrics judged on one subset: PSNR (else the first metric) and SSIM (null when not measured). */
    record Quality(TableWriter.MetricColumn primary, TableWriter.MetricColumn secondary) {
        static Optional<Quality> of(List<RunResult> runs, String subset) {
            Map<String, TableWriter.MetricColumn> metrics = new LinkedHashMap<>();
            runs.stream().filter(RunResult::ok).flatMap(r -> r.metrics().stream()).filter(m -> m.subsetOrEmpty().equals(subset))
                    .forEach(m -> metrics.putIfAbsent(m.name(), TableWriter.MetricColumn.of(m)));
            if (metrics.isEmpty()) {
                return Optional.empty();
            }
            TableWriter.MetricColumn primary = metrics.getOrDefault("psnr", metrics.values().iterator().next());
            TableWriter.MetricColumn secondary = metrics.get("ssim");
            return Optional.of(new Quality(primary, secondary == primary ? null : secondary));
        }

        List<String> names() {
            return secondary == null ? List.of(primary.name()) : List.of(primary.name(), secondary.name());
        }
    }

    /**
     * The cost a table shows for one variant: its params (learnable count, or storage / 32), Bi-Real OPs (null when
     * not computed) and the model it describes (null when the figures come from the results).
     */
    record Cost(Double params, Long ops, String model) {}

    /** The computed cost of a variant's model, from its first run's spec; empty when none could be computed. */
    static Optional<CostBreakdown> computed(List<RunResult> runs, CostModel costs) {
        return runs.isEmpty() ? Optional.empty() : costs.of(runs.get(0).spec());
    }

    /** The figures a run recorded (every seed records the same), for when no cost model is at hand. */
    static Optional<org.qbench.tasks.CostFigures> recorded(List<RunResult> runs) {
        return runs.stream().filter(RunResult::ok).map(RunResult::cost).filter(java.util.Objects::nonNull).findFirst();
    }

    /** Statistics per metric of these runs on one subset. */
    static Map<String, CellStats> stats(List<RunResult> runs, Quality q, String subset) {
        return TableWriter.Cell.of(runs, new java.util.LinkedHashSet<>(q.names()), subset).stats();
    }

    /** One judged (variant, subset) pair. */
    private record Judged(Verdict verdict, String reason) {}

    /** Writes the ablation table of one table group; no files when the group has no run of the ablated method. */
    static TableWriter.Output write(String suite, String task, String budget, String firstLast, String base, Ablation a,
            List<RunResult> groupRuns, List<String> subsets, CostModel costs, Path outDir) throws IOException {
        Map<String, List<RunResult>> byVariant = new TreeMap<>();
        groupRuns.stream().filter(r -> r.spec().method().equals(a.method()) && r.spec().bits() == a.bits()
                && r.spec().activationBitsOrBits() == a.bits())
                .forEach(r -> byVariant.computeIfAbsent(r.spec().variant(), v -> new ArrayList<>()).add(r));
        if (byVariant.isEmpty()) {
            return TableWriter.Output.NONE;
        }
        String full = a.method();
        List<String> variants = new ArrayList<>();
        variants.add(full); // the reference row, even without runs (then every verdict is inconclusive)
        byVariant.keySet().stream().filter(v -> !v.equals(full)).forEach(variants::add);
        Map<String, Cost> cost = new LinkedHashMap<>();
        String model = null;
        for (String v : variants) {
            List<RunResult> runs = byVariant.getOrDefault(v, List.of());
            Optional<CostBreakdown> c = computed(runs, costs);
            if (c.isPresent()) {
                model = model == null ? c.get().model() : model;
                cost.put(v, new Cost((double) c.get().total().params(), c.get().ops(), c.get().model()));
            } else {
                cost.put(v, new Cost(recorded(runs).map(f -> (double) f.params()).orElse(null), null, null));
            }
        }
        // Subsets with quality metrics, in the task's order.
        Map<String, Quality> quality = new LinkedHashMap<>();
        for (String s : subsets) {
            Quality.of(groupRuns, s).ifPresent(q -> quality.put(s, q));
        }
        String bitsLabel = TableWriter.bitsLabel(a.bits());
        String mdName = base + "_ablation.md";
        List<ClaimLedger.Entry> ledger = new ArrayList<>();
        List<List<Object>> csvRows = new ArrayList<>();
        List<List<String>> mdRows = new ArrayList<>();
        for (String v : variants) {
            List<RunResult> runs = byVariant.getOrDefault(v, List.of());
            Cost c = cost.get(v);
            Cost f = cost.get(full);
            List<String> md = new ArrayList<>(List.of(v, params(c.params()), v.equals(full) ? "—" : change(c.params(), f.params()),
                    c.ops() == null ? "—" : TableWriter.num(c.ops() / 1e6, 3),
                    v.equals(full) || c.ops() == null || f.ops() == null ? "—" : CostTable.change(c.ops(), f.ops())));
            for (var e : quality.entrySet()) {
                String subset = e.getKey();
                Quality q = e.getValue();
                Map<String, CellStats> vs = stats(runs, q, subset);
                Map<String, CellStats> fs = stats(byVariant.getOrDefault(full, List.of()), q, subset);
                Judged j = v.equals(full) ? null : judge(f.params(), c.params(), fs, vs, q);
                List<Object> row = new ArrayList<>(List.of(suite, task, budget, firstLast, a.method(), a.bits(), v, subset,
                        c.params() == null ? "" : TableWriter.num(c.params(), 0), v.equals(full) ? "" : pct(c.params(), f.params()),
                        c.ops() == null ? "" : c.ops(), v.equals(full) || c.ops() == null || f.ops() == null ? "" : pct((double) c.ops(), (double) f.ops())));
                for (String m : List.of(q.primary().name(), q.secondary() == null ? "" : q.secondary().name())) {
                    if (m.isEmpty()) {
                        row.addAll(List.of("", "", ""));
                        continue;
                    }
                    int d = (m.equals(q.primary().name()) ? q.primary() : q.secondary()).csvDecimals();
                    CellStats s = vs.get(m);
                    row.add(TableWriter.num(s.mean(), d));
                    row.add(TableWriter.num(s.std(), d));
                    row.add(v.equals(full) ? "" : TableWriter.num(s.mean() - fs.get(m).mean(), d));
                }
                row.add(vs.get(q.primary().name()).n());
                row.add(j == null ? "reference" : j.verdict().label());
                row.add(j == null ? "" : j.reason());
                row.add(c.model() == null ? "params as the runs recorded them (no cost model)" : "computed (qbench cost model)");
                row.add(TableWriter.MEASURED);
                csvRows.add(row);
                md.add(cell(vs.get(q.primary().name()), q.primary().decimals()));
                md.add(v.equals(full) ? "—" : delta(vs.get(q.primary().name()), fs.get(q.primary().name()), q.primary().decimals()));
                if (q.secondary() != null) {
                    md.add(cell(vs.get(q.secondary().name()), q.secondary().decimals()));
                    md.add(v.equals(full) ? "—" : delta(vs.get(q.secondary().name()), fs.get(q.secondary().name()),
                            q.secondary().decimals()));
                }
                // A supported verdict's reason restates the rule; the others say what the data show instead.
                md.add(j == null ? "reference" : j.verdict().label() + (j.reason().isEmpty() || j.verdict() == Verdict.SUPPORTED
                        ? "" : " (" + j.reason() + ")"));
                if (j != null) {
                    ledger.add(new ClaimLedger.Entry(a.statement(), suite, task, budget, subset, q.primary(), bitsLabel,
                            j.verdict(), full, fs.get(q.primary().name()), v, vs.get(q.primary().name()), mdName, RULE));
                }
            }
            mdRows.add(md);
        }
        List<TextTable.Column> columns = new ArrayList<>(List.of(
                new TextTable.Column("", "params", "params"),
                new TextTable.Column("", "params vs full", "params vs full"),
                new TextTable.Column("", "OPs (M)", "OPs (M, Bi-Real)"),
                new TextTable.Column("", "OPs vs full", "OPs vs full")));
        quality.forEach((subset, q) -> {
            String group = subset.isEmpty() ? "" : subset;
            String prefix = subset.isEmpty() ? "" : subset + " ";
            columns.add(new TextTable.Column(group, q.primary().label(), prefix + q.primary().label()));
            columns.add(new TextTable.Column(group, "Δ " + q.primary().name(), prefix + "Δ " + q.primary().name()));
            if (q.secondary() != null) {
                columns.add(new TextTable.Column(group, q.secondary().label(), prefix + q.secondary().label()));
                columns.add(new TextTable.Column(group, "Δ " + q.secondary().name(), prefix + "Δ " + q.secondary().name()));
            }
            columns.add(new TextTable.Column(group, "verdict", prefix + "verdict"));
        });
        List<String> notes = new ArrayList<>();
        notes.add("Claim: " + a.statement() + ".");
        notes.add("");
        notes.add("Verdict per variant and subset, computed from the measured cells (never typed): " + RULE + ".");
        notes.add("");
        notes.add("Params and OPs: " + (model == null
                ? "params as the runs recorded them (learnable weights, biases and batch-norm terms); OPs not computed "
                        + "(no cost model given to the tables)."
                : "computed from each variant's shapes and bit widths by the qbench cost model (not measured), for one "
                        + "input of " + model + "; params are learnable weights, biases and batch-norm terms, OPs Bi-Real "
                        + "OPs (FLOPs + BOPs / 64). Changes are the variant's against the full method's."));
        notes.add("Quality: measured here, mean ± sample std (n seeds); Δ is the variant's mean minus the full method's "
                + "(negative: the variant is worse on a metric where higher is better).");
        notes.add("");
        notes.add("- suite: `" + suite + "`, task: `" + task + "`, budget: `" + budget + "`, first/last layers: `" + firstLast
                + "`, method: `" + a.method() + "` at " + bitsLabel);
        TextTable text = new TextTable(suite + " on " + task + " (" + budget + "): ablation of " + a.method() + " at " + bitsLabel,
                "variant", columns, mdRows, 0, notes);
        String csv = TableWriter.csv(p -> {
            List<String> header = new ArrayList<>(List.of("suite", "task", "budget", "first_last", "method", "bits", "variant",
                    "subset", "params", "params_change_pct", "ops_bireal", "ops_change_pct"));
            // Columns named after the first subset's metrics; the second metric's only when some subset measures one.
            Optional<Quality> first = quality.values().stream().findFirst();
            Optional<TableWriter.MetricColumn> second = quality.values().stream().map(Quality::secondary)
                    .filter(java.util.Objects::nonNull).findFirst();
            List<TableWriter.MetricColumn> named = new ArrayList<>();
            first.ifPresent(q -> named.add(q.primary()));
            second.ifPresent(named::add);
            for (TableWriter.MetricColumn m : named) {
                String stem = TableWriter.column(m.name(), m.unit());
                header.addAll(List.of(stem + "_mean", stem + "_std", stem + "_delta"));
            }
            header.addAll(List.of("n", "verdict", "reason", "cost_source", "quality_source"));
            p.printRecord(header);
            for (List<Object> row : csvRows) {
                p.printRecord(second.isEmpty() ? dropSecondary(row) : row);
            }
        });
        List<Path> files = new ArrayList<>();
        files.add(TableWriter.write(outDir.resolve(base + "_ablation.csv"), csv));
        files.add(TableWriter.write(outDir.resolve(mdName), text.markdown()));
        files.add(TableWriter.write(outDir.resolve(base + "_ablation.tex"), text.latex()));
        return new TableWriter.Output(files, ledger);
    }

    private static List<Object> dropSecondary(List<Object> row) {
        List<Object> r = new ArrayList<>(row);
        r.subList(15, 18).clear(); // the three empty columns of the missing second metric
        return r;
    }

    private static Judged judge(Double fullParams, Double variantParams, Map<String, CellStats> full,
            Map<String, CellStats> variant, Quality q) {
        CellStats fp = full.get(q.primary().name());
        CellStats vp = variant.get(q.primary().name());
        if (fp.n() == 0) {
            return new Judged(Verdict.INCONCLUSIVE, "no runs of the full method");
        }
        if (vp.n() == 0) {
            return new Judged(Verdict.INCONCLUSIVE, "no runs of the variant");
        }
        if (fp.n() < 2 || vp.n() < 2) {
            return new Judged(Verdict.INCONCLUSIVE, "fewer than 2 seeds");
        }
        if (fullParams == null || variantParams == null) {
            return new Judged(Verdict.INCONCLUSIVE, "params unknown");
        }
        boolean up = q.primary().higherIsBetter();
        boolean higher = Verdict.clearlyAbove(fp, vp, up);
        boolean lower = Verdict.clearlyAbove(vp, fp, up);
        // SSIM must not be clearly worse: a design that trades SSIM for PSNR has not shown "higher PSNR/SSIM".
        boolean secondaryNotBelow = q.secondary() == null || !Verdict.clearlyAbove(variant.get(q.secondary().name()),
                full.get(q.secondary().name()), q.secondary().higherIsBetter());
        String name = q.primary().name().toUpperCase(java.util.Locale.ROOT);
        int params = Double.compare(fullParams, variantParams);
        if (params <= 0 && higher && secondaryNotBelow) {
            return new Judged(Verdict.SUPPORTED, (params < 0 ? "fewer" : "equal") + " params, higher " + name);
        }
        if (params >= 0 && lower) {
            return new Judged(Verdict.REFUTED, "the variant has " + (params > 0 ? "fewer" : "equal") + " params and higher " + name);
        }
        if (higher && params > 0) {
            return new Judged(Verdict.INCONCLUSIVE, "trade-off: more params, higher quality");
        }
        if (lower && params < 0) {
            return new Judged(Verdict.INCONCLUSIVE, "trade-off: fewer params, lower quality");
        }
        if (higher) {
            return new Judged(Verdict.INCONCLUSIVE, "higher " + name + ", lower " + q.secondary().name().toUpperCase(java.util.Locale.ROOT));
        }
        return new Judged(Verdict.INCONCLUSIVE, "within noise");
    }

    private static String params(Double p) {
        return p == null ? "—" : TableWriter.num(p, 0);
    }

    private static String change(Double value, Double reference) {
        return value == null || reference == null || reference == 0 ? "—" : CostTable.change(Math.round(value), Math.round(reference));
    }

    private static String pct(Double value, Double reference) {
        return value == null || reference == null || reference == 0 ? "" : TableWriter.num(100.0 * (value - reference) / reference, 2);
    }

    /** A cell as the measured tables print it: {@code mean ± std (n)}, "—" without runs. */
    static String cell(CellStats s, int decimals) {
        if (s == null || s.n() == 0) {
            return "—";
        }
        return TableWriter.num(s.mean(), decimals) + (s.n() >= 2 ? " ± " + TableWriter.num(s.std(), decimals) : "") + " (" + s.n() + ")";
    }

    /** A signed difference of means with a true minus sign, "—" when either has no runs. */
    static String delta(CellStats value, CellStats reference, int decimals) {
        if (value == null || reference == null || value.n() == 0 || reference.n() == 0) {
            return "—";
        }
        double d = value.mean() - reference.mean();
        String magnitude = TableWriter.num(Math.abs(d), decimals);
        return (magnitude.equals(TableWriter.num(0, decimals)) ? "" : d < 0 ? "−" : "+") + magnitude;
    }
}
