package org.qbench.hardware.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.qbench.hardware.kernel.Codes;
import org.qbench.hardware.kernel.GemmKernel;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.hardware.kernel.Kernels;

/**
 * One question: how long does each GEMM kernel take on each of the suite's shapes, single-threaded? Shapes come
 * from the runner as {@code MxNxK}: the harness derives them from the tasks' models, which this module does not
 * know. Operands are random codes of the kernel's width (unsigned activations, signed weights, as after ReLU;
 * binary for 1-bit kernels), laid out in setup, outside the measured method. Run it through
 * {@code qbench kernels}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GemmBenchmark {

    /** Kernel id (see {@link Kernels}); the runner overrides the list. */
    @Param({"int8-simd"})
    public String kernel;

    /** The shape as {@code MxNxK} (see {@link GemmShape#parse}); the runner overrides the list. */
    @Param({"784x64x576"})
    public String shape;

    private GemmKernel.Prepared prepared;

    /** Lays out random operands for the kernel: not measured. */
    @Setup
    public void setUp() {
        GemmKernel k = Kernels.get(kernel);
        GemmShape s = GemmShape.parse(shape);
        Codes a = operandCodes(k, false);
        Codes w = operandCodes(k, true);
        Random rnd = new Random(42);
        prepared = k.prepare(s, a, codes(a, s.m() * s.k(), rnd), w, codes(w, s.n() * s.k(), rnd));
    }

    /** Frees what the kernel holds outside the heap (an ONNX Runtime session for the {@code ort-*} kernels). */
    @TearDown
    public void tearDown() {
        prepared.close();
    }

    /** The codes a kernel is timed on: its width, unsigned activations and signed weights (binary: both). */
    public static Codes operandCodes(GemmKernel k, boolean weights) {
        int bits = k.bits() == 32 ? 8 : k.bits(); // float kernels get 8-bit values: speed does not depend on them
        return bits == 1 ? new Codes(1, true) : new Codes(bits, weights);
    }

    private static int[] codes(Codes c, int n, Random rnd) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = c.binary() ? (rnd.nextBoolean() ? 1 : -1) : c.min() + rnd.nextInt(c.max() - c.min() + 1);
        }
        return v;
    }

    /** The measured work: one multiply; one output returned so it cannot be eliminated. */
    @Benchmark
    public long multiply() {
        prepared.run();
        return prepared.output(0, 0);
    }
}
