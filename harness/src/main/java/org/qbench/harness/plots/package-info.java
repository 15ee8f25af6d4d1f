/**
 * Plots beside the tables: a measured metric against bit width and against bit operations (BOPs, log axis,
 * Pareto front marked), written as SVG and PNG through XChart. Only measured numbers are plotted, and the
 * same input gives byte-identical files run to run and JVM to JVM on one machine (see {@link
 * org.qbench.harness.plots.MetricPlots}).
 */
package org.qbench.harness.plots;
