/**
 * Running a grid: the {@link org.qbench.harness.run.Runner} trains one cell at a time, skips cells whose
 * result exists (resume), records divergence as a failed run and goes on, and collects the observed
 * provenance ({@link org.qbench.harness.run.Environment}).
 */
package org.qbench.harness.run;
