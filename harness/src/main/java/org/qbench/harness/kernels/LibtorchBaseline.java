package org.qbench.harness.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.qbench.hardware.kernel.GemmShape;

/**
 * The libtorch FP32 baseline: {@code C = A W^T} as one PyTorch matmul through DJL, on one intra-op thread like
 * the JMH kernels, timed by the harness itself. JMH cannot host it: its benchmark list lives in the hardware
 * module, which has no engine (and JMH reads a single list from the class path). The timing follows JMH's
 * shape: warm-up iterations, then measured iterations of back-to-back multiplies, the mean time per multiply
 * and a 99.9% confidence half-width over the iterations.
 */
public final class LibtorchBaseline {

    /** The id this baseline carries in results and tables. */
    public static final String ID = "fp32-libtorch";

    private LibtorchBaseline() {}

    /**
     * Sets the engine to one intra-op and one inter-op thread; must run before the engine first loads.
     * (The kernels are timed single-threaded, and so is the baseline.)
     */
    public static void useOneThread() {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** Mean microseconds per multiply and the 99.9% half-width (NaN for one iteration). */
    public static double[] time(GemmShape s, int warmups, int iterations, long iterationMillis) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(42);
            NDArray a = m.randomUniform(-1f, 1f, new Shape(s.m(), s.k()));
            NDArray wt = m.randomUniform(-1f, 1f, new Shape(s.n(), s.k())).transpose().duplicate(); // K x N, contiguous
            for (int i = 0; i < warmups; i++) {
                iteration(m, a, wt, iterationMillis);
            }
            double[] perOp = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                perOp[i] = iteration(m, a, wt, iterationMillis);
            }
            double mean = 0;
            for (double v : perOp) {
                mean += v / iterations;
            }
            double error = Double.NaN;
            if (iterations > 1) {
                double ss = 0;
                for (double v : perOp) {
                    ss += (v - mean) * (v - mean);
                }
                error = studentT999(iterations - 1) * Math.sqrt(ss / (iterations - 1) / iterations);
            }
            return new double[] {mean, error};
        }
    }

    /** Multiplies for about {@code millis} and returns microseconds per multiply. */
    private static double iteration(NDManager m, NDArray a, NDArray wt, long millis) {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        int ops = 0;
        do {
            a.matMul(wt).close(); // PyTorch computes eagerly; the product is freed at once
            ops++;
        } while (System.nanoTime() < deadline);
        return (System.nanoTime() - start) / 1e3 / ops;
    }

    /** Two-sided 99.9% Student t quantiles for small degrees of freedom (JMH's interval). */
    private static double studentT999(int df) {
        double[] t = {636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221, 4.140};
        return df <= t.length ? t[df - 1] : 3.29;
    }
}
