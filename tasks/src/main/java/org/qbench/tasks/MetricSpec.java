package org.qbench.tasks;

import java.util.Objects;

/**
 * What a task measures, as data: id, unit, direction, how tables print it, how large a change {@code compare}
 * counts, on which evaluation subset and under which protocol. A task declares its specs and turns each into a
 * {@link Metric} with {@link #of(double)}; everything downstream (tables, verdicts, comparisons, plots) reads
 * the stored fields, never the task's code.
 *
 * @param id stable metric id, e.g. {@code psnr}
 * @param unit unit, e.g. {@code dB}; empty for a ratio
 * @param higherIsBetter direction
 * @param decimals decimals a table prints
 * @param tolerance the default regression tolerance of {@code compare}, in the metric's unit
 * @param subset the evaluation subset (null: the task's one test set)
 * @param protocol how it is computed where papers differ (null: nothing to say)
 */
public record MetricSpec(
        String id, String unit, boolean higherIsBetter, int decimals, double tolerance, String subset, String protocol) {

    /** Top-1 accuracy, %. */
    public static final MetricSpec TOP1 = new MetricSpec("top1", "%", true, 2, 0.5, null, null);
    /** Top-5 accuracy, %. */
    public static final MetricSpec TOP5 = new MetricSpec("top5", "%", true, 2, 0.5, null, null);

    /** Validates the fields. */
    public MetricSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        if (!id.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("metric id '" + id + "' must be lower-case letters, digits and _");
        }
        if (decimals < 0 || decimals > 8) {
            throw new IllegalArgumentException("metric " + id + ": decimals " + decimals + " out of 0..8");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("metric " + id + ": tolerance " + tolerance + " must be finite and >= 0");
        }
    }

    /**
     * PSNR in dB on a subset: 2 decimals, as SR papers print it; compare counts changes above 0.05 dB (papers'
     * margins between methods are often 0.1 dB).
     */
    public static MetricSpec psnr(String subset, String protocol) {
        return new MetricSpec("psnr", "dB", true, 2, 0.05, subset, protocol);
    }

    /** SSIM on a subset: 4 decimals, as SR papers print it; compare counts changes above 0.005. */
    public static MetricSpec ssim(String subset, String protocol) {
        return new MetricSpec("ssim", "", true, 4, 0.005, subset, protocol);
    }

    /** This metric measured at {@code value}. */
    public Metric of(double value) {
        return new Metric(id, value, unit, higherIsBetter, decimals, tolerance, subset, protocol);
    }

    /** This spec on another subset. */
    public MetricSpec on(String otherSubset) {
        return new MetricSpec(id, unit, higherIsBetter, decimals, tolerance, otherSubset, protocol);
    }
}
