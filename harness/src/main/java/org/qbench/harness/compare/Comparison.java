package org.qbench.harness.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.tables.CellStats;
import org.qbench.tasks.Metric;

/**
 * A baseline and a candidate result set compared cell by cell. A cell is a run spec without its seed (suite,
 * task, method, bits, budget, first/last protocol, protocol version, method version); its metric is summarised
 * over seeds.
 *
 * <p>A metric regresses when it moves the wrong way (its stored direction) by more than {@code max(tolerance,
 * sigmas x baseline std)}: the tolerance the metric's result records (0.5 points of top-1, 0.05 dB of PSNR, 0.005
 * of SSIM; 0.5 for results that predate it) unless the user overrides it, or two baseline standard deviations,
 * whichever is larger. It improves when it moves the right way by more than the same margin. A metric measured on
 * several subsets is compared per subset. A baseline cell the candidate
 * lacks, or has only failed runs for, is a regression; a cell only the candidate has is reported as new.
 */
public final class Comparison {

    /** What happened to one metric of one cell. */
    public enum Verdict {
        /** Within the margin. */
        UNCHANGED,
        /** Better by more than the margin. */
        IMPROVED,
        /** Worse by more than the margin. */
        REGRESSED,
        /** In the baseline, not (or only as failed runs) in the candidate. */
        MISSING,
        /** In the candidate only. */
        NEW
    }

    /**
     * One compared metric.
     *
     * @param cell the cell, e.g. {@code lsq-cls cls-fmnist lsq 4b quick 8bit}
     * @param metric metric name, with its subset when it has one ({@code psnr on Set5})
     * @param unit metric unit
     * @param decimals decimals the metric is printed with
     * @param baseline baseline statistics (null when new)
     * @param candidate candidate statistics (null when missing)
     * @param margin the margin the change was held against
     * @param verdict the verdict
     */
    public record Row(String cell, String metric, String unit, int decimals, CellStats baseline, CellStats candidate,
            double margin, Verdict verdict) {}

    /**
     * How large a change must be to count.
     *
     * @param every absolute tolerance for every metric instead of each one's own, or null
     * @param perMetric absolute tolerance by metric name, over both
     * @param sigmas how many baseline standard deviations also count as noise
     */
    public record Tolerances(Double every, Map<String, Double> perMetric, double sigmas) {
        /** Each metric's own tolerance, or 2 baseline standard deviations when larger. */
        public static final Tolerances DEFAULT = new Tolerances(null, Map.of(), 2.0);

        /** Copies the map. */
        public Tolerances {
            perMetric = Map.copyOf(perMetric);
        }

        double of(Metric metric) {
            Double override = perMetric.getOrDefault(metric.name(), every);
            return override != null ? override : metric.toleranceOrDefault();
        }
    }

    private final List<Row> rows;

    private Comparison(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The rows, sorted by cell and metric. */
    public List<Row> rows() {
        return rows;
    }

    /** Whether any metric regressed or any baseline cell is missing. */
    public boolean failed() {
        return rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSED || r.verdict() == Verdict.MISSING);
    }

    /** Summary of one side of one cell: per-metric values over ok runs, and failed-run count. */
    private static final class Side {
        final Map<String, List<Double>> values = new TreeMap<>();
        final Map<String, Metric> example = new TreeMap<>();
        int failed;
    }

    private static String cellOf(RunResult r) {
        var s = r.spec();
        // A revised method's cells are new cells: its old and new versions are never compared as one.
        return String.join(" ", r.provenance().suite(), s.task(), s.variant(),
                s.bits() + "b" + (s.activationBits() == null ? "" : "a" + s.activationBits()), s.budget(), s.firstLast(),
                "p" + s.protocol()) + (s.methodVersion() == null ? "" : " v" + s.methodVersion())
                + (s.taskVersion() == null ? "" : " task v" + s.taskVersion());
    }

    private static Map<String, Side> summarise(List<RunResult> results) {
        Map<String, Side> cells = new TreeMap<>();
        for (RunResult r : results) {
            Side side = cells.computeIfAbsent(cellOf(r), k -> new Side());
            if (!r.ok()) {
                side.failed++;
                continue;
            }
            for (Metric m : r.metrics()) {
                String key = m.name() + (m.subsetOrEmpty().isEmpty() ? "" : " on " + m.subset());
                side.values.computeIfAbsent(key, k -> new ArrayList<>()).add(m.value());
                side.example.putIfAbsent(key, m);
            }
        }
        return cells;
    }

    private static CellStats stats(Side side, String metric) {
        List<Double> v = side.values.getOrDefault(metric, List.of()).stream().sorted().toList();
        return CellStats.of(v, side.failed);
    }

    /** Compares two result sets. */
    public static Comparison of(List<RunResult> baseline, List<RunResult> candidate, Tolerances tolerances) {
        Map<String, Side> base = summarise(baseline);
        Map<String, Side> cand = summarise(candidate);
        List<Row> rows = new ArrayList<>();
        TreeSet<String> cells = new TreeSet<>(base.keySet());
        cells.addAll(cand.keySet());
        for (String cell : cells) {
            Side b = base.get(cell);
            Side c = cand.get(cell);
            TreeSet<String> metrics = new TreeSet<>();
            if (b != null) {
                metrics.addAll(b.example.keySet());
            }
            if (c != null) {
                metrics.addAll(c.example.keySet());
            }
            if (metrics.isEmpty()) {
                metrics.add("(no metric: every run failed)");
            }
            for (String metric : metrics) {
                rows.add(row(cell, metric, b, c, tolerances));
            }
        }
        return new Comparison(rows);
    }

    private static Row row(String cell, String metric, Side b, Side c, Tolerances tolerances) {
        Metric example = b != null && b.example.containsKey(metric) ? b.example.get(metric)
                : c != null ? c.example.get(metric) : null;
        String unit = example == null ? "" : example.unit();
        int decimals = example == null ? Metric.DEFAULT_DECIMALS : example.decimalsOrDefault();
        CellStats bs = b == null ? null : stats(b, metric);
        CellStats cs = c == null ? null : stats(c, metric);
        if (bs == null || bs.n() == 0) {
            return new Row(cell, metric, unit, decimals, bs, cs, 0, cs != null && cs.n() > 0 ? Verdict.NEW : Verdict.UNCHANGED);
        }
        if (cs == null || cs.n() == 0) {
            return new Row(cell, metric, unit, decimals, bs, cs, 0, Verdict.MISSING);
        }
        double sigma = Double.isNaN(bs.std()) ? 0 : bs.std();
        double margin = Math.max(tolerances.of(example), tolerances.sigmas() * sigma);
        double gain = (cs.mean() - bs.mean()) * (example == null || example.higherIsBetter() ? 1 : -1);
        Verdict verdict = gain < -margin ? Verdict.REGRESSED : gain > margin ? Verdict.IMPROVED : Verdict.UNCHANGED;
        return new Row(cell, metric, unit, decimals, bs, cs, margin, verdict);
    }

    /** The report as Markdown: a summary line and one table row per compared metric. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("# qbench compare\n\n");
        Map<Verdict, Long> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.verdict(), 1L, Long::sum));
        sb.append(failed() ? "**FAIL**" : "**PASS**").append(": ");
        sb.append(String.join(", ", counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)).toList()));
        sb.append("\n\n| cell | metric | baseline | candidate | change | margin | verdict |\n|---|---|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            double change = r.baseline() != null && r.candidate() != null && r.baseline().n() > 0 && r.candidate().n() > 0
                    ? r.candidate().mean() - r.baseline().mean() : Double.NaN;
            sb.append("| ").append(r.cell()).append(" | ").append(r.metric()).append(r.unit().isEmpty() ? "" : " (" + r.unit() + ")")
                    .append(" | ").append(describe(r.baseline(), r.decimals())).append(" | ")
                    .append(describe(r.candidate(), r.decimals()))
                    .append(" | ").append(Double.isNaN(change) ? "—" : String.format(Locale.ROOT, "%+." + r.decimals() + "f", change))
                    .append(" | ").append(r.margin() == 0 ? "—" : String.format(Locale.ROOT, "%." + r.decimals() + "f", r.margin()))
                    .append(" | ").append(r.verdict().name().toLowerCase(Locale.ROOT)).append(" |\n");
        }
        return sb.toString();
    }

    private static String describe(CellStats s, int decimals) {
        if (s == null) {
            return "—";
        }
        if (s.n() == 0) {
            return "failed (" + s.failed() + ")";
        }
        String f = "%." + decimals + "f";
        String v = String.format(Locale.ROOT, f, s.mean())
                + (s.n() >= 2 ? String.format(Locale.ROOT, " ± " + f, s.std()) : "") + " (" + s.n() + ")";
        return s.failed() > 0 ? v + ", " + s.failed() + " failed" : v;
    }
}
