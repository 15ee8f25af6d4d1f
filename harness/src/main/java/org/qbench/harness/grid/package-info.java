/**
 * Suites (data under {@code suites/*.json}) and the grid of {@link org.qbench.harness.grid.RunSpec}s they
 * expand into; a run spec's id is the hash of its canonical JSON.
 */
package org.qbench.harness.grid;
