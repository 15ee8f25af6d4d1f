/**
 * Regression tracking: {@link org.qbench.harness.compare.Comparison} matches the cells of a baseline and a
 * candidate result set and classifies each metric as unchanged, improved, regressed, missing or new.
 */
package org.qbench.harness.compare;
