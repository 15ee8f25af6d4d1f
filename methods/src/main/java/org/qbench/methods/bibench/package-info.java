/**
 * The BiBench 1-bit operator baselines (Qin et al., ICML 2023) on the low-light video network:
 * {@link org.qbench.methods.bibench.BinaryOperatorMethod}, one per {@link org.qbench.methods.binary.BinaryOperator}
 * but BRVE's.
 */
package org.qbench.methods.bibench;
