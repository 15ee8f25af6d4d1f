package org.qbench.tasks;

/**
 * One measured number with its unit.
 *
 * @param name stable metric id, e.g. {@code top1}
 * @param value the value
 * @param unit the unit, e.g. {@code %} or {@code dB}
 * @param higherIsBetter whether a larger value is an improvement (used by comparisons)
 */
public record Metric(String name, double value, String unit, boolean higherIsBetter) {}
