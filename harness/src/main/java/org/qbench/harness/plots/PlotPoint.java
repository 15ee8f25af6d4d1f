package org.qbench.harness.plots;

import java.util.Objects;

/**
 * One measured cell to plot: a method at one bit width, its cost and its metric over seeds.
 *
 * @param series the series the point belongs to (the method id); one line and one legend entry per series
 * @param bits bit width, 1 to 32; 32 means full precision and is drawn as {@code FP32}
 * @param bops bit operations per sample of the model at this width (finite, &gt; 0: it is drawn on a log axis)
 * @param mean the metric's mean over seeds (finite)
 * @param std the metric's sample standard deviation over seeds, or NaN when {@code n < 2} (then no error bar)
 * @param n the number of seeds the mean is over (&ge; 1)
 */
public record PlotPoint(String series, int bits, double bops, double mean, double std, int n) {

    /** Checks the invariants above. */
    public PlotPoint {
        Objects.requireNonNull(series, "series");
        if (series.isBlank()) {
            throw new IllegalArgumentException("a plot point needs a series name");
        }
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException(series + ": bit width " + bits + " is not in 1..32");
        }
        if (!(bops > 0) || Double.isInfinite(bops)) {
            throw new IllegalArgumentException(series + " at " + bits + " bits: BOPs must be finite and > 0, got " + bops);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException(series + " at " + bits + " bits: the mean must be finite, got " + mean);
        }
        if (!Double.isNaN(std) && !(std >= 0 && Double.isFinite(std))) {
            throw new IllegalArgumentException(series + " at " + bits + " bits: std must be NaN or finite >= 0, got " + std);
        }
        if (n < 1) {
            throw new IllegalArgumentException(series + " at " + bits + " bits: n must be >= 1, got " + n);
        }
    }

    /** Whether the point has an error bar: a finite std. */
    public boolean hasStd() {
        return !Double.isNaN(std);
    }
}
