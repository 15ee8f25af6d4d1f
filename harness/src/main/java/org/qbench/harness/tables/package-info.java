/**
 * Tables generated from result files: CSV (tidy, units in column names) and Markdown (the pivot a paper
 * prints), labelled as measured, with budget, data set and commit in a footer and no timestamps, so
 * regenerating from the same results is byte-identical.
 */
package org.qbench.harness.tables;
