/**
 * Tables generated from result files and from the reported-number files: CSV (tidy, units in column names),
 * Markdown and LaTeX booktabs (the pivot a paper prints), every number labelled measured or reported, with
 * budget, data set and commit in a footer and no timestamps, so regenerating from the same inputs is
 * byte-identical. Claims a suite states are judged by {@link org.qbench.harness.tables.Verdict}, never typed.
 */
package org.qbench.harness.tables;
