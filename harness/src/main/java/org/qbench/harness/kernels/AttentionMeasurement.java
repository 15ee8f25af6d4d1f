package org.qbench.harness.kernels;

/**
 * One attention kernel timed by JMH on one attention shape, for a batch: {@code problems} products of one head's
 * {@code P V} ({@code n x m} log2 exponents times {@code m x d} values), one per sample and head.
 *
 * @param kernel attention kernel id
 * @param reference whether it is the scalar reference
 * @param exact whether its output is exact (the integer kernels; the float baseline rounds)
 * @param shape attention shape id, {@code <task>_<budget>_L<index>-matmulattnv}
 * @param heads attention heads per sample
 * @param problems products per batch: {@value ModelGemmShapes#BATCH} samples times {@code heads}
 * @param n queries
 * @param m keys
 * @param d head dimension
 * @param exponentBits the log2 exponents' width
 * @param valueBits the signed value codes' width
 * @param microseconds JMH's mean time per batch
 * @param errorMicroseconds JMH's 99.9% confidence half-width (NaN with too few iterations)
 * @param gmacs equivalent multiply-accumulates per second, {@code problems n m d / time}, in 10^9: the MACs of the
 *     dense float product the shift-add kernels replace (a shift-add term, zero or not, counts as one MAC)
 * @param speedupOverAttnFp32Simd time of {@code attn-fp32-simd} on the same shape divided by this time
 */
public record AttentionMeasurement(
        String kernel, boolean reference, boolean exact, String shape, int heads, int problems, int n, int m, int d,
        int exponentBits, int valueBits, double microseconds, double errorMicroseconds, double gmacs,
        double speedupOverAttnFp32Simd) {}
