package org.qbench.harness.tables;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the measurements at one bit width support a claim of the form "method X is best": computed from
 * the cells, never typed. Each cell is the interval mean ± sample std over its seeds.
 *
 * <ul>
 *   <li>{@link #SUPPORTED}: X's interval lies wholly above every other method's.
 *   <li>{@link #NOT_SUPPORTED}: some other method's interval lies wholly above X's.
 *   <li>{@link #INCONCLUSIVE}: otherwise (intervals overlap), or a cell has fewer than 2 seeds.
 * </ul>
 *
 * <p>Ablation and reduction claims ({@link AblationTable}, {@link ReductionTable}) are judged with the same interval
 * rule ({@link #clearlyAbove}) but can be {@link #REFUTED}: the data say the opposite of the claim.
 */
public enum Verdict {
    /** The claimant is clearly best. */
    SUPPORTED("supported"),
    /** Another method is clearly better than the claimant. */
    NOT_SUPPORTED("not supported"),
    /** The data cannot tell. */
    INCONCLUSIVE("inconclusive"),
    /** The data say the opposite of an ablation or reduction claim. */
    REFUTED("refuted");

    /** The rule for a metric where higher is better, as printed under every table with a verdict row. */
    public static final String RULE = rule(true);

    /** The rule, as printed under a table whose judged metric goes in this direction. */
    public static String rule(boolean higherIsBetter) {
        String side = higherIsBetter ? "above" : "below";
        return "supported when the claimant's mean ± std interval lies " + side + " every other "
                + "quantized method's at that width; not supported when another method's lies " + side + " the claimant's; "
                + "inconclusive when they overlap or a cell has fewer than 2 seeds";
    }

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The label printed in tables. */
    public String label() {
        return label;
    }

    /**
     * Judges "{@code claimant} is best" among {@code cells} (method id to statistics at one bit width) for a
     * metric where higher is better. Cells without a successful run are ignored; no claimant or no competitor is
     * inconclusive.
     */
    public static Verdict judge(String claimant, Map<String, CellStats> cells) {
        return judge(claimant, cells, true);
    }

    /** Judges "{@code claimant} is best" for a metric in the given direction (lower is better: a loss, an error). */
    public static Verdict judge(String claimant, Map<String, CellStats> cells, boolean higherIsBetter) {
        double sign = higherIsBetter ? 1 : -1;
        CellStats c = cells.get(claimant);
        List<CellStats> others = cells.entrySet().stream()
                .filter(e -> !e.getKey().equals(claimant) && e.getValue().n() > 0).map(Map.Entry::getValue).toList();
        if (c == null || c.n() < 2 || others.isEmpty() || others.stream().anyMatch(o -> o.n() < 2)) {
            return INCONCLUSIVE;
        }
        // In "goodness" units (the mean times the sign), the interval's good end is mean + std, its bad end mean - std.
        double cLow = sign * c.mean() - c.std();
        double cHigh = sign * c.mean() + c.std();
        if (others.stream().anyMatch(o -> sign * o.mean() - o.std() > cHigh)) {
            return NOT_SUPPORTED;
        }
        return others.stream().allMatch(o -> cLow > sign * o.mean() + o.std()) ? SUPPORTED : INCONCLUSIVE;
    }

    /**
     * Whether cell {@code a} is clearly better than {@code b} by the interval rule: its mean ± std interval lies wholly
     * above {@code b}'s (below for a metric where lower is better); never with fewer than 2 seeds in either.
     */
    public static boolean clearlyAbove(CellStats a, CellStats b, boolean higherIsBetter) {
        if (a == null || b == null || a.n() < 2 || b.n() < 2) {
            return false;
        }
        double sign = higherIsBetter ? 1 : -1;
        return sign * a.mean() - a.std() > sign * b.mean() + b.std();
    }

    /** The best of the other methods' cells with a successful run, by mean in the metric's direction (first on ties). */
    public static Optional<Map.Entry<String, CellStats>> bestOther(String claimant, Map<String, CellStats> cells,
            boolean higherIsBetter) {
        Comparator<Map.Entry<String, CellStats>> byMean = Comparator.comparingDouble(e -> e.getValue().mean());
        return cells.entrySet().stream().filter(e -> !e.getKey().equals(claimant) && e.getValue().n() > 0)
                .max(higherIsBetter ? byMean : byMean.reversed());
    }
}
