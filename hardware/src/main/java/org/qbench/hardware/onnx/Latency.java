package org.qbench.hardware.onnx;

import java.util.Arrays;

/**
 * The time of one call, measured as JMH measures the kernels: warm-up rounds first, then {@code rounds} timed
 * rounds of {@code callsPerRound} calls each; the score is the mean time per call over rounds and the error the
 * half-width of its 99.9 % confidence interval (Student t), as JMH prints {@code score ± error}.
 *
 * @param meanMillis mean milliseconds per call
 * @param errorMillis half-width of the 99.9 % confidence interval of the mean
 * @param rounds timed rounds
 * @param callsPerRound calls in each round
 */
public record Latency(double meanMillis, double errorMillis, int rounds, int callsPerRound) {

    /**
     * Times {@code call}: {@code warmupRounds} untimed rounds, then {@code rounds} timed ones, each of
     * {@code callsPerRound} calls.
     */
    public static Latency measure(Runnable call, int warmupRounds, int rounds, int callsPerRound) {
        if (rounds < 2 || callsPerRound < 1 || warmupRounds < 0) {
            throw new IllegalArgumentException("need at least 2 timed rounds of at least 1 call");
        }
        for (int r = 0; r < warmupRounds; r++) {
            for (int c = 0; c < callsPerRound; c++) {
                call.run();
            }
        }
        double[] perCall = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < callsPerRound; c++) {
                call.run();
            }
            perCall[r] = (System.nanoTime() - t0) / 1e6 / callsPerRound;
        }
        return of(perCall, callsPerRound);
    }

    /** The score and error of per-call times, one per round. */
    static Latency of(double[] perCall, int callsPerRound) {
        int n = perCall.length;
        double mean = Arrays.stream(perCall).average().orElseThrow();
        double ss = 0;
        for (double t : perCall) {
            ss += (t - mean) * (t - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new Latency(mean, studentT999(n - 1) * sd / Math.sqrt(n), n, callsPerRound);
    }

    /** Calls per second at this latency for a batch of {@code batch} samples: samples per second. */
    public double samplesPerSecond(int batch) {
        return batch * 1000.0 / meanMillis;
    }

    /**
     * Two-sided 99.9 % quantile of Student's t (0.9995), tabulated to 30 degrees of freedom; above, the value at the
     * bracket's lower end (30, 40, 60, 120), which errs wide.
     */
    static double studentT999(int df) {
        double[] table = {636.62, 31.60, 12.92, 8.61, 6.87, 5.96, 5.41, 5.04, 4.78, 4.59, 4.44, 4.32, 4.22, 4.14,
            4.07, 4.01, 3.97, 3.92, 3.88, 3.85, 3.82, 3.79, 3.77, 3.75, 3.73, 3.71, 3.69, 3.67, 3.66, 3.65};
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1");
        }
        if (df <= table.length) {
            return table[df - 1];
        }
        return df <= 40 ? 3.646 : df <= 60 ? 3.551 : df <= 120 ? 3.460 : 3.373;
    }
}
