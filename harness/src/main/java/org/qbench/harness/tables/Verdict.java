package org.qbench.harness.tables;

import java.util.List;
import java.util.Map;

/**
 * Whether the measurements at one bit width support a claim of the form "method X is best": computed from
 * the cells, never typed. Each cell is the interval mean ± sample std over its seeds.
 *
 * <ul>
 *   <li>{@link #SUPPORTED}: X's interval lies wholly above every other method's.
 *   <li>{@link #NOT_SUPPORTED}: some other method's interval lies wholly above X's.
 *   <li>{@link #INCONCLUSIVE}: otherwise (intervals overlap), or a cell has fewer than 2 seeds.
 * </ul>
 */
public enum Verdict {
    /** The claimant is clearly best. */
    SUPPORTED("supported"),
    /** Another method is clearly better than the claimant. */
    NOT_SUPPORTED("not supported"),
    /** The data cannot tell. */
    INCONCLUSIVE("inconclusive");

    /** The rule, as printed under every table with a verdict row. */
    public static final String RULE = "supported when the claimant's mean ± std interval lies above every other "
            + "quantized method's at that width; not supported when another method's lies above the claimant's; "
            + "inconclusive when they overlap or a cell has fewer than 2 seeds";

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The label printed in tables. */
    public String label() {
        return label;
    }

    /**
     * Judges "{@code claimant} is best" among {@code cells} (method id to statistics at one bit width).
     * Cells without a successful run are ignored; no claimant or no competitor is inconclusive.
     */
    public static Verdict judge(String claimant, Map<String, CellStats> cells) {
        CellStats c = cells.get(claimant);
        List<CellStats> others = cells.entrySet().stream()
                .filter(e -> !e.getKey().equals(claimant) && e.getValue().n() > 0).map(Map.Entry::getValue).toList();
        if (c == null || c.n() < 2 || others.isEmpty() || others.stream().anyMatch(o -> o.n() < 2)) {
            return INCONCLUSIVE;
        }
        if (others.stream().anyMatch(o -> o.mean() - o.std() > c.mean() + c.std())) {
            return NOT_SUPPORTED;
        }
        return others.stream().allMatch(o -> c.mean() - c.std() > o.mean() + o.std()) ? SUPPORTED : INCONCLUSIVE;
    }
}
