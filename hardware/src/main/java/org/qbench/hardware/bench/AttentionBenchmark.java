package org.qbench.hardware.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.qbench.hardware.kernel.AttentionKernel;
import org.qbench.hardware.kernel.AttentionKernels;
import org.qbench.hardware.kernel.Codes;
import org.qbench.hardware.kernel.ShiftAddShape;

/**
 * One question: how long does each attention kernel ({@link AttentionKernels}) take for one batch of {@code P V}
 * products, single-threaded? A batch is {@code problems} heads of one shape ({@link Batch}, from the runner as
 * {@code P*NxMxD}: the harness derives them from the ViTs' {@code attn*v} rows, 16 samples times the heads), each
 * with its own operands, as a model's batch has, so the timed working set is the batch's and not one head's left
 * in L1. Operands are drawn in setup, outside the measured method, from a fixed seed: exponent codes with a
 * quarter {@link ShiftAddShape#ZERO} (the integer kernels skip zeros, so their share matters; the float baseline
 * multiplies them, as a float model does) and the rest uniform in {@code 0..2^b - 1}, and signed value codes
 * uniform over their range. Run it through {@code qbench kernels}; {@code attn-fp32-simd} is the baseline the
 * harness always times beside the shift-add kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AttentionBenchmark {

    /** The seed every run's operands come from: the same codes for every kernel and every run. */
    public static final long SEED = 42;

    /** The share of zero probabilities, one in {@value #ZERO_ONE_IN}. */
    public static final int ZERO_ONE_IN = 4;

    /** Kernel id (see {@link AttentionKernels}); the runner overrides the list. */
    @Param({"attn-shiftadd-simd"})
    public String kernel;

    /** The batch as {@code P*NxMxD} (see {@link Batch#parse}); the runner overrides the list. */
    @Param({"64*18x18x16"})
    public String batch;

    /** The log2 exponents' width {@code b}. */
    @Param({"4"})
    public int exponentBits;

    /** The width of the signed value codes. */
    @Param({"8"})
    public int valueBits;

    private AttentionKernel.Prepared[] prepared;

    /**
     * {@code problems} products of one head's shape, {@code P*NxMxD}: e.g. {@code 64*18x18x16} is 16 samples times
     * 4 heads of 18 queries by 18 keys by 16 head dimensions.
     *
     * @param problems heads times samples
     * @param n queries
     * @param m keys
     * @param d head dimension
     */
    public record Batch(int problems, int n, int m, int d) {

        /** Validates positivity. */
        public Batch {
            if (problems < 1 || n < 1 || m < 1 || d < 1) {
                throw new IllegalArgumentException("attention batch dimensions must be positive, got problems=" + problems
                        + " n=" + n + " m=" + m + " d=" + d);
            }
        }

        /**
         * Parses {@code P*NxMxD}, the form {@link #toString()} writes.
         *
         * @throws IllegalArgumentException unless the text is a positive count, {@code *}, and three positive
         *     integers joined by {@code x}
         */
        public static Batch parse(String text) {
            String[] outer = text.split("\\*", -1);
            String[] dims = outer.length == 2 ? outer[1].split("x", -1) : new String[0];
            try {
                if (dims.length == 3) {
                    return new Batch(Integer.parseInt(outer[0]), Integer.parseInt(dims[0]), Integer.parseInt(dims[1]),
                            Integer.parseInt(dims[2]));
                }
            } catch (NumberFormatException e) {
                // reported below, with the expected form
            }
            throw new IllegalArgumentException("bad attention batch '" + text + "': expected P*NxMxD, e.g. 64*18x18x16");
        }

        /** The multiply-accumulates of the equivalent dense products: {@code problems * n * m * d}. */
        public long macs() {
            return (long) problems * n * m * d;
        }

        @Override
        public String toString() {
            return problems + "*" + n + "x" + m + "x" + d;
        }
    }

    /** Draws every head's operands and lays them out for the kernel: not measured. */
    @Setup
    public void setUp() {
        AttentionKernel k = AttentionKernels.get(kernel);
        Batch b = Batch.parse(batch);
        ShiftAddShape s = new ShiftAddShape(b.n(), b.m(), b.d(), exponentBits, new Codes(valueBits, true));
        List<int[][]> operands = operands(s, b.problems(), SEED);
        prepared = new AttentionKernel.Prepared[b.problems()];
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = k.prepare(s, operands.get(i)[0], operands.get(i)[1]);
        }
    }

    /**
     * {@code problems} pairs of exponent and value codes for {@code s}, from one seed: exponents from one named
     * stream, values from another, so changing one distribution leaves the other's codes as they were.
     */
    public static List<int[][]> operands(ShiftAddShape s, int problems, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom exponents = root.split();
        SplittableRandom values = root.split();
        int max = s.maxExponent();
        Codes c = s.values();
        List<int[][]> out = new ArrayList<>(problems);
        for (int q = 0; q < problems; q++) {
            int[] p = new int[s.n() * s.m()];
            for (int i = 0; i < p.length; i++) {
                p[i] = exponents.nextInt(ZERO_ONE_IN) == 0 ? ShiftAddShape.ZERO : exponents.nextInt(max + 1);
            }
            int[] v = new int[s.m() * s.d()];
            for (int i = 0; i < v.length; i++) {
                v[i] = c.min() + values.nextInt(c.max() - c.min() + 1);
            }
            out.add(new int[][] {p, v});
        }
        return out;
    }

    /** The measured work: every head of the batch; one output of each sunk so no product can be eliminated. */
    @Benchmark
    public void multiply(Blackhole sink) {
        for (AttentionKernel.Prepared p : prepared) {
            p.run();
            sink.consume(p.output(0, 0));
        }
    }
}
