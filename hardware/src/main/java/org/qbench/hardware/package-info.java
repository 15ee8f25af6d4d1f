/**
 * The hardware side of qbench: what a deployment target can run and, in later issues, how fast.
 *
 * <p>Today this module holds the hardware profiles ({@link org.qbench.hardware.profile}). The integer
 * kernels (GEMM and im2col convolution at 8, 4, 2 and 1 bits, each with a scalar reference), the JMH
 * benchmarks and the cost model (params, size, MACs, BOPs) come in later issues, each in a package of its
 * own. The module is pure Java: it depends on no other qbench module and on no deep-learning engine, so
 * the harness can use it without loading one.
 */
package org.qbench.hardware;
