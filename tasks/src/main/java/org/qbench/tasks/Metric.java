package org.qbench.tasks;

/**
 * One measured number, with what tables and comparisons need to treat it right, as stored in a result file.
 * Results written before these fields existed lack the optional ones: they read as top-1's defaults (2 decimals,
 * 0.5 tolerance, no subset, no protocol).
 *
 * @param name stable metric id, e.g. {@code top1}
 * @param value the value
 * @param unit the unit, e.g. {@code %} or {@code dB}; empty for a ratio such as SSIM
 * @param higherIsBetter whether a larger value is an improvement (used by verdicts and comparisons)
 * @param decimals decimals a table prints (null: {@value #DEFAULT_DECIMALS})
 * @param tolerance the smallest change of a cell's mean that {@code compare} counts (null: {@value #DEFAULT_TOLERANCE})
 * @param subset the evaluation subset, e.g. {@code Set5} (null: the task's one test set)
 * @param protocol how the number was computed where papers differ, e.g. {@code Y channel, crop 4} (null: nothing to say)
 */
public record Metric(
        String name, double value, String unit, boolean higherIsBetter, Integer decimals, Double tolerance,
        String subset, String protocol) {

    /** Decimals of metrics that do not say. */
    public static final int DEFAULT_DECIMALS = 2;
    /** Compare tolerance of metrics that do not say (points of top-1). */
    public static final double DEFAULT_TOLERANCE = 0.5;

    /** A metric without the optional fields (the form of results written before they existed). */
    public Metric(String name, double value, String unit, boolean higherIsBetter) {
        this(name, value, unit, higherIsBetter, null, null, null, null);
    }

    /** Validates the name and unit. */
    public Metric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        unit = unit == null ? "" : unit;
        if (decimals != null && (decimals < 0 || decimals > 8)) {
            throw new IllegalArgumentException("metric " + name + ": decimals " + decimals + " out of 0..8");
        }
        if (tolerance != null && !(tolerance >= 0)) {
            throw new IllegalArgumentException("metric " + name + ": tolerance " + tolerance + " must be >= 0");
        }
    }

    /** Decimals a table prints. */
    public int decimalsOrDefault() {
        return decimals == null ? DEFAULT_DECIMALS : decimals;
    }

    /** The smallest change {@code compare} counts. */
    public double toleranceOrDefault() {
        return tolerance == null ? DEFAULT_TOLERANCE : tolerance;
    }

    /** The subset, or empty for a task's one test set. */
    public String subsetOrEmpty() {
        return subset == null ? "" : subset;
    }
}
