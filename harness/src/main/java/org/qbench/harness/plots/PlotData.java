package org.qbench.harness.plots;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The measured numbers behind one pair of plots (metric vs bit width, metric vs BOPs).
 *
 * @param title the plots' title (for example the suite, task and budget)
 * @param metric the metric's name, for the y axis (for example {@code top-1 accuracy})
 * @param unit the metric's unit, for the y axis (for example {@code %}); empty for none
 * @param higherIsBetter whether a larger metric is better (accuracy) or worse (error); decides the Pareto front
 * @param points the points, at most one per (series, bits); series get colours and markers in the order they
 *     first appear here, so the caller's order is the legend's order
 * @param footnote a caption printed under the plots after the fixed "measured" note (data set, budget, commit);
 *     null is read as empty
 */
public record PlotData(String title, String metric, String unit, boolean higherIsBetter, List<PlotPoint> points,
        String footnote) {

    /** Copies the points and checks there is at most one point per series and bit width. */
    public PlotData {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        points = List.copyOf(points);
        footnote = footnote == null ? "" : footnote;
        Set<String> seen = new HashSet<>();
        for (PlotPoint p : points) {
            if (!seen.add(p.series() + "\u0000" + p.bits())) {
                throw new IllegalArgumentException(
                        "two points for " + p.series() + " at " + p.bits() + " bits: one point per series and bit width");
            }
        }
    }

    /** The y axis label: {@code metric (unit)}, or the metric alone when there is no unit. */
    public String yLabel() {
        return unit.isEmpty() ? metric : metric + " (" + unit + ")";
    }
}
