/**
 * The qbench harness: the command line ({@code cli}), suites and the experiment grid ({@code grid}), the
 * runner that trains one cell at a time and never loses a finished one ({@code run}), result files with
 * provenance ({@code results}), the generated tables ({@code tables}) and plots ({@code plots}). The only
 * module with the PyTorch engine on its runtime classpath.
 */
package org.qbench.harness;
