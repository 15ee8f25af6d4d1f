/**
 * The hardware side of qbench: what a deployment target can run and how fast.
 *
 * <p>{@link org.qbench.hardware.profile} holds the hardware profiles, {@link org.qbench.hardware.kernel} the
 * integer GEMM kernels (8, 4, 2 and 1 bit, each with a scalar reference) and their packing,
 * {@link org.qbench.hardware.bench} the JMH benchmark, and {@link org.qbench.hardware.peak} the derived peaks
 * of the machine at hand. The module is pure Java: it depends on no other qbench module and on no
 * deep-learning engine, so the harness can use it without loading one.
 */
package org.qbench.hardware;
