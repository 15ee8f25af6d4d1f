package org.qbench.harness.deploy;

import java.util.List;
import java.util.Objects;
import org.qbench.hardware.onnx.Latency;
import org.qbench.hardware.profile.HardwareProfile;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.ResultStore;

/**
 * How a grid or an export deploys its cells: where the graphs go, which profiles' constraints are checked, whether
 * and how latency is timed, and what to record about the machine. {@link #forCell} makes one cell's
 * {@link CellDeployment}.
 *
 * @param store the results folder: graphs go to {@link ResultStore#onnxPath}, records to
 *     {@link ResultStore#deployRecordPath}
 * @param profiles the hardware profiles whose deploy constraints every cell is checked against
 * @param clock how latency is timed, or null for no timing
 * @param evaluationThreads ONNX Runtime threads of the metric evaluation
 * @param machine the CPU, recorded with the timings
 * @param concurrentWorkers worker processes of the grid (timings taken beside others are marked)
 * @param gitCommit the qbench commit
 */
public record Deployer(ResultStore store, List<HardwareProfile> profiles, Clock clock, int evaluationThreads, String machine,
        int concurrentWorkers, String gitCommit) {

    /** Validates and copies. */
    public Deployer {
        Objects.requireNonNull(store, "store");
        profiles = List.copyOf(profiles);
        if (evaluationThreads < 1 || concurrentWorkers < 1) {
            throw new IllegalArgumentException("thread and worker counts must be at least 1");
        }
    }

    /** The deployment of one cell of {@code suite}. */
    public CellDeployment forCell(String suite, RunSpec spec) {
        return new CellDeployment(this, suite, spec);
    }

    /** Whether latency is timed. */
    public boolean timing() {
        return clock != null;
    }

    /**
     * How latency is timed: {@code warmupRounds} untimed rounds, then {@code rounds} timed ones, each long enough
     * to take about {@code roundMillis} (the calls per round are sized from one warm call).
     *
     * @param warmupRounds untimed rounds
     * @param rounds timed rounds, at least 2
     * @param roundMillis target length of a round
     */
    public record Clock(int warmupRounds, int rounds, double roundMillis) {

        /** The paper figures' timing: 5 warm-up rounds, 10 timed rounds of about 200 ms. */
        public static final Clock FULL = new Clock(5, 10, 200);
        /** A quick look: 1 warm-up round, 3 timed rounds of about 20 ms. */
        public static final Clock SMOKE = new Clock(1, 3, 20);

        /** Times {@code call}. */
        public Latency time(Runnable call) {
            call.run();
            long t0 = System.nanoTime();
            call.run();
            double once = Math.max((System.nanoTime() - t0) / 1e6, 1e-3);
            int calls = (int) Math.max(1, Math.min(100_000, Math.round(roundMillis / once)));
            return Latency.measure(call, warmupRounds, rounds, calls);
        }
    }
}
