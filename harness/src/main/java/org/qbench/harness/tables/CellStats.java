package org.qbench.harness.tables;

import java.util.List;

/**
 * Mean, sample standard deviation and count of one metric over the seeds of a cell, plus how many runs of
 * the cell failed.
 *
 * @param mean mean over ok runs (NaN when none)
 * @param std sample standard deviation (n - 1 in the denominator; NaN when n &lt; 2)
 * @param n number of ok runs
 * @param failed number of failed runs
 */
public record CellStats(double mean, double std, int n, int failed) {

    /** Statistics of the given values. */
    public static CellStats of(List<Double> values, int failed) {
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double std = Double.NaN;
        if (n >= 2) {
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            std = Math.sqrt(ss / (n - 1));
        }
        return new CellStats(mean, std, n, failed);
    }
}
