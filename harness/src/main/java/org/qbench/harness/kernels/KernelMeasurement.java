package org.qbench.harness.kernels;

/**
 * One kernel timed on one shape by JMH.
 *
 * @param kernel kernel id
 * @param bits its operand width (32: float)
 * @param reference whether it is a scalar reference
 * @param shape shape id
 * @param m GEMM rows
 * @param n GEMM columns
 * @param k GEMM reduction length
 * @param microseconds JMH's mean time per multiply
 * @param errorMicroseconds JMH's 99.9% confidence half-width (NaN with too few iterations)
 * @param gops {@code 2 m n k / time}, in 10^9 operations per second
 * @param speedupOverFp32Java time of {@code fp32-java} on the same shape divided by this time
 * @param peakGops the derived single-core peak at this width (the kernels run on one thread)
 * @param percentOfPeak {@code 100 gops / peakGops}
 */
public record KernelMeasurement(
        String kernel, int bits, boolean reference, String shape, int m, int n, int k, double microseconds,
        double errorMicroseconds, double gops, double speedupOverFp32Java, double peakGops, double percentOfPeak) {}
