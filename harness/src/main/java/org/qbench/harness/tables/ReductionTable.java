package org.qbench.harness.tables;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qbench.harness.grid.Reduction;
import org.qbench.harness.results.RunResult;
import org.qbench.tasks.CostBreakdown;

/**
 * A suite's cost-reduction claim, {@code <table>_reduction.{csv,md,tex}}: per baseline (a full-precision variant the
 * suite runs) and evaluation subset, the method's parameter and operation reduction in percent and its quality drop.
 *
 * <p>Cost follows the convention of the binarization papers the claims come from (BRVE, BiBench): parameters are
 * counted as storage, size in bits / 32 (a binary weight is 1/32 of a parameter), and computation as Bi-Real OPs
 * (binary MACs / 64, full-precision MACs as they are). Both come from the cost model, computed, never measured; the
 * quality (PSNR, SSIM) is measured here. Verdict: supported when both reductions reach the claimed percent and the
 * PSNR drop plus the combined std stays within the allowed drop; refuted when a reduction falls short or the drop
 * minus the combined std exceeds it; inconclusive otherwise.
 */
final class ReductionTable {

    static final String RULE = "supported when the parameter and the OPs reduction both reach the claimed percent and "
            + "the PSNR drop plus the combined std (√(std_baseline² + std_method²)) is at most the allowed drop; refuted "
            + "when a reduction falls short of the percent or the drop minus the combined std exceeds the allowed drop; "
            + "inconclusive otherwise (the reason is in the CSV) or with fewer than 2 seeds";

    private ReductionTable() {}

    /** Storage-counted params (bits / 32), Bi-Real OPs (null when not computed) and the model described (null: recorded). */
    private record Cost(Double params, Long ops, String model) {
        static Cost of(List<RunResult> runs, CostModel costs) {
            Optional<CostBreakdown> c = AblationTable.computed(runs, costs);
            if (c.isPresent()) {
                return new Cost(c.get().total().modelBits() / 32.0, c.get().ops(), c.get().model());
            }
            // Every result records its size in bits, so parameters as storage never need the cost model.
            return new Cost(AblationTable.recorded(runs).map(f -> f.modelBits() / 32.0).orElse(null), null, null);
        }
    }

    private record Judged(Verdict verdict, String reason) {}

    /** Writes the reduction table of one table group; no files when the group has no run of the method. */
    static TableWriter.Output write(String suite, String task, String budget, String firstLast, String base, Reduction red,
            List<RunResult> groupRuns, List<String> subsets, CostModel costs, Path outDir) throws IOException {
        Reduction.Baseline self = new Reduction.Baseline(red.method(), Map.of());
        List<RunResult> method = groupRuns.stream().filter(r -> self.matches(r.spec()) && r.spec().bits() == red.bits()
                && r.spec().activationBitsOrBits() == red.bits()).toList();
        if (method.isEmpty()) {
            return TableWriter.Output.NONE;
        }
        Cost mc = Cost.of(method, costs);
        Map<Reduction.Baseline, List<RunResult>> baselines = new LinkedHashMap<>();
        red.baselines().forEach(b -> baselines.put(b, groupRuns.stream().filter(r -> b.matches(r.spec())).toList()));
        Map<String, AblationTable.Quality> quality = new LinkedHashMap<>();
        subsets.forEach(s -> AblationTable.Quality.of(groupRuns, s).ifPresent(q -> quality.put(s, q)));
        String bitsLabel = TableWriter.bitsLabel(red.bits());
        String mdName = base + "_reduction.md";
        String methodLabel = red.method() + " " + bitsLabel;
        List<ClaimLedger.Entry> ledger = new ArrayList<>();
        List<List<Object>> csvRows = new ArrayList<>();
        List<List<String>> mdRows = new ArrayList<>();
        List<String> baselineNotes = new ArrayList<>();
        for (var b : baselines.entrySet()) {
            Cost bc = Cost.of(b.getValue(), costs);
            Double paramsCut = cut(mc.params(), bc.params());
            Double opsCut = mc.ops() == null || bc.ops() == null ? null : cut((double) mc.ops(), (double) bc.ops());
            baselineNotes.add("- vs `" + b.getKey().label() + "`: the suite's " + b.getKey().label() + " runs ("
                    + b.getValue().size() + " runs), params " + num(bc.params(), 0) + " (as storage), OPs "
                    + (bc.ops() == null ? "not computed" : TableWriter.num(bc.ops() / 1e6, 3) + " M")
                    + (bc.model() == null ? "" : ", model: " + bc.model()));
            for (var e : quality.entrySet()) {
                String subset = e.getKey();
                AblationTable.Quality q = e.getValue();
                Map<String, CellStats> bs = AblationTable.stats(b.getValue(), q, subset);
                Map<String, CellStats> ms = AblationTable.stats(method, q, subset);
                CellStats bp = bs.get(q.primary().name());
                CellStats mp = ms.get(q.primary().name());
                Judged j = judge(red, paramsCut, opsCut, bp, mp, q.primary().higherIsBetter());
                int d = q.primary().csvDecimals();
                double drop = drop(bp, mp, q.primary().higherIsBetter());
                double combined = Math.sqrt(bp.std() * bp.std() + mp.std() * mp.std());
                List<Object> row = new ArrayList<>(List.of(suite, task, budget, firstLast, red.method(), red.bits(),
                        b.getKey().label(), subset, num(mc.params(), 2), num(bc.params(), 2), num(paramsCut, 2),
                        mc.ops() == null ? "" : mc.ops(), bc.ops() == null ? "" : bc.ops(), num(opsCut, 2),
                        TableWriter.num(bp.mean(), d), TableWriter.num(bp.std(), d), bp.n(),
                        TableWriter.num(mp.mean(), d), TableWriter.num(mp.std(), d), mp.n(),
                        TableWriter.num(drop, d), TableWriter.num(combined, d)));
                if (q.secondary() != null) {
                    int d2 = q.secondary().csvDecimals();
                    CellStats bsec = bs.get(q.secondary().name());
                    CellStats msec = ms.get(q.secondary().name());
                    row.addAll(List.of(TableWriter.num(bsec.mean(), d2), TableWriter.num(bsec.std(), d2),
                            TableWriter.num(msec.mean(), d2), TableWriter.num(msec.std(), d2),
                            TableWriter.num(drop(bsec, msec, q.secondary().higherIsBetter()), d2)));
                } else {
                    row.addAll(List.of("", "", "", "", ""));
                }
                row.addAll(List.of(TableWriter.num(red.percent(), 1), TableWriter.num(red.maxPsnrDropDb(), 2),
                        j.verdict().label(), j.reason(),
                        mc.model() == null ? "params from the recorded size; OPs not computed (no cost model)"
                                : "computed (qbench cost model)", TableWriter.MEASURED));
                csvRows.add(row);
                List<String> md = new ArrayList<>(List.of("vs " + b.getKey().label() + (subset.isEmpty() ? "" : " on " + subset),
                        paramsCut == null ? "—" : TableWriter.num(paramsCut, 2) + " %",
                        opsCut == null ? "—" : TableWriter.num(opsCut, 2) + " %",
                        AblationTable.cell(bp, q.primary().decimals()), AblationTable.cell(mp, q.primary().decimals()),
                        signed(drop, q.primary().decimals())));
                if (q.secondary() != null) {
                    md.add(signed(drop(bs.get(q.secondary().name()), ms.get(q.secondary().name()), q.secondary().higherIsBetter()),
                            q.secondary().decimals()));
                } else {
                    md.add("—");
                }
                md.add(j.verdict().label() + (j.verdict() == Verdict.SUPPORTED ? "" : " (" + j.reason() + ")"));
                mdRows.add(md);
                ledger.add(new ClaimLedger.Entry(red.statement(), suite, task, budget, subset, q.primary(), bitsLabel,
                        j.verdict(), red.method(), mp, b.getKey().label(), bp, mdName, RULE));
            }
        }
        String primary = quality.values().stream().findFirst().map(q -> q.primary().name()).orElse("psnr");
        String secondary = quality.values().stream().map(AblationTable.Quality::secondary).filter(java.util.Objects::nonNull)
                .findFirst().map(TableWriter.MetricColumn::name).orElse("ssim");
        List<TextTable.Column> columns = List.of(
                new TextTable.Column("", "params cut", "params reduction"),
                new TextTable.Column("", "OPs cut", "OPs reduction"),
                new TextTable.Column("", primary + " baseline", primary + " baseline"),
                new TextTable.Column("", primary + " " + red.method(), primary + " " + red.method()),
                new TextTable.Column("", primary + " drop", primary + " drop"),
                new TextTable.Column("", secondary + " drop", secondary + " drop"),
                new TextTable.Column("", "verdict", "verdict"));
        List<String> notes = new ArrayList<>();
        notes.add("Claim: " + red.statement() + " (at least " + TableWriter.num(red.percent(), 1) + " % fewer params and "
                + "OPs, PSNR drop at most " + TableWriter.num(red.maxPsnrDropDb(), 2) + " dB).");
        notes.add("");
        notes.add("Each row sets " + methodLabel + " against one baseline, a full-precision variant this suite runs, on one "
                + "evaluation subset:");
        notes.add("");
        notes.addAll(baselineNotes);
        notes.add("");
        notes.add("Cost is computed, not measured: " + (mc.model() == null
                ? "params from the size the runs recorded (bits / 32); OPs not computed (no cost model given to the tables)."
                : "by the qbench cost model from shapes and bit widths, for one input of " + mc.model() + " ("
                        + methodLabel + ": params " + num(mc.params(), 0) + " as storage, OPs "
                        + TableWriter.num(mc.ops() / 1e6, 3) + " M).")
                + " Params are counted as storage, size in bits / 32 (a binary weight is 1/32 of a parameter), OPs as "
                + "Bi-Real OPs (binary MACs / 64, full-precision MACs as they are), the convention of BRVE and BiBench; "
                + "a reduction is 1 − method / baseline.");
        notes.add("Quality is measured here: mean ± sample std (n seeds); a drop is the baseline's mean minus the "
                + "method's (positive: the method is worse).");
        notes.add("");
        notes.add("Verdict per baseline and subset, computed (never typed): " + RULE + ".");
        notes.add("");
        notes.add("- suite: `" + suite + "`, task: `" + task + "`, budget: `" + budget + "`, first/last layers: `" + firstLast
                + "`");
        TextTable text = new TextTable(suite + " on " + task + " (" + budget + "): cost reduction of " + methodLabel,
                "against", columns, mdRows, 0, notes);
        String csv = TableWriter.csv(p -> {
            String ps = quality.values().stream().findFirst().map(q -> TableWriter.column(q.primary().name(), q.primary().unit()))
                    .orElse("psnr_db");
            String ss = quality.values().stream().map(AblationTable.Quality::secondary).filter(java.util.Objects::nonNull)
                    .findFirst().map(m -> TableWriter.column(m.name(), m.unit())).orElse("ssim");
            p.printRecord("suite", "task", "budget", "first_last", "method", "bits", "baseline", "subset", "params", "baseline_params",
                    "params_reduction_pct", "ops_bireal", "baseline_ops_bireal", "ops_reduction_pct",
                    "baseline_" + ps + "_mean", "baseline_" + ps + "_std", "baseline_n", ps + "_mean", ps + "_std", "n",
                    ps + "_drop", ps + "_drop_std", "baseline_" + ss + "_mean", "baseline_" + ss + "_std", ss + "_mean",
                    ss + "_std", ss + "_drop", "claimed_pct", "max_psnr_drop_db", "verdict", "reason", "cost_source",
                    "quality_source");
            for (List<Object> row : csvRows) {
                p.printRecord(row);
            }
        });
        List<Path> files = new ArrayList<>();
        files.add(TableWriter.write(outDir.resolve(base + "_reduction.csv"), csv));
        files.add(TableWriter.write(outDir.resolve(mdName), text.markdown()));
        files.add(TableWriter.write(outDir.resolve(base + "_reduction.tex"), text.latex()));
        return new TableWriter.Output(files, ledger);
    }

    private static Judged judge(Reduction red, Double paramsCut, Double opsCut, CellStats baseline, CellStats method,
            boolean higherIsBetter) {
        String percent = TableWriter.num(red.percent(), 1) + " %";
        if (paramsCut != null && paramsCut < red.percent()) {
            return new Judged(Verdict.REFUTED, "params reduction " + TableWriter.num(paramsCut, 2) + " % < " + percent);
        }
        if (opsCut != null && opsCut < red.percent()) {
            return new Judged(Verdict.REFUTED, "OPs reduction " + TableWriter.num(opsCut, 2) + " % < " + percent);
        }
        if (baseline.n() == 0 || method.n() == 0) {
            return new Judged(Verdict.INCONCLUSIVE, baseline.n() == 0 ? "no runs of the baseline" : "no runs of the method");
        }
        if (baseline.n() < 2 || method.n() < 2) {
            return new Judged(Verdict.INCONCLUSIVE, "fewer than 2 seeds");
        }
        double drop = drop(baseline, method, higherIsBetter);
        double combined = Math.sqrt(baseline.std() * baseline.std() + method.std() * method.std());
        String max = TableWriter.num(red.maxPsnrDropDb(), 2);
        if (drop - combined > red.maxPsnrDropDb()) {
            return new Judged(Verdict.REFUTED, "drop beyond " + max + " even less its std");
        }
        if (paramsCut == null || opsCut == null) {
            return new Judged(Verdict.INCONCLUSIVE, paramsCut == null ? "params unknown" : "OPs not computed");
        }
        if (drop + combined <= red.maxPsnrDropDb()) {
            return new Judged(Verdict.SUPPORTED, "both cuts reach " + percent + ", drop clearly within " + max);
        }
        return new Judged(Verdict.INCONCLUSIVE, "drop within noise of the limit " + max);
    }

    /** The baseline's mean minus the method's, in the metric's direction (positive: the method is worse). */
    private static double drop(CellStats baseline, CellStats method, boolean higherIsBetter) {
        return (higherIsBetter ? 1 : -1) * (baseline.mean() - method.mean());
    }

    /** A reduction in percent: 1 − method / baseline; null when either is unknown. */
    private static Double cut(Double method, Double baseline) {
        return method == null || baseline == null || baseline == 0 ? null : 100.0 * (1 - method / baseline);
    }

    private static String num(Double v, int decimals) {
        return v == null ? "" : TableWriter.num(v, decimals);
    }

    private static String signed(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "—";
        }
        String magnitude = TableWriter.num(Math.abs(v), decimals);
        return (magnitude.equals(TableWriter.num(0, decimals)) ? "" : v < 0 ? "−" : "") + magnitude;
    }
}
