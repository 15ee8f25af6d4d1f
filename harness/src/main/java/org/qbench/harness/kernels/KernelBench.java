package org.qbench.harness.kernels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.qbench.hardware.bench.GemmBenchmark;
import org.qbench.hardware.kernel.GemmKernel;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.hardware.kernel.Kernels;
import org.qbench.hardware.profile.Peak;

/**
 * Runs {@link GemmBenchmark} through JMH's runner API for a list of kernels and the models' shapes
 * ({@link ModelGemmShapes}, handed to JMH as {@code MxNxK}), times the libtorch FP32 matmul on the same shapes
 * ({@link LibtorchBaseline}), and turns the scores into {@link KernelMeasurement}s: GOPS, speedup over
 * {@code fp32-java} on the same shape (always timed as the baseline), and percent of the derived single-core
 * peak.
 */
public final class KernelBench {

    /** How hard to measure. */
    public enum Mode {
        /** One fork, short iterations: checks the plumbing and gives rough numbers (CI). */
        SMOKE("smoke", 1, 1, 200, 2, 200),
        /** Three forks, 5 warm-up and 5 measured one-second iterations each: the numbers to report. */
        FULL("full", 3, 5, 1000, 5, 1000);

        final String id;
        final int forks;
        final int warmups;
        final int warmupMillis;
        final int iterations;
        final int iterationMillis;

        Mode(String id, int forks, int warmups, int warmupMillis, int iterations, int iterationMillis) {
            this.id = id;
            this.forks = forks;
            this.warmups = warmups;
            this.warmupMillis = warmupMillis;
            this.iterations = iterations;
            this.iterationMillis = iterationMillis;
        }

        /** The id used on the command line and in file names. */
        public String id() {
            return id;
        }

        /** The mode with this id. */
        public static Mode fromId(String id) {
            for (Mode m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + id + "' (known: smoke, full)");
        }

        /** The settings, for the report. */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", GemmBenchmark.class.getName());
            m.put("mode", "average time per multiply, single thread");
            m.put("forks", forks);
            m.put("warmup_iterations", warmups);
            m.put("warmup_millis", warmupMillis);
            m.put("measurement_iterations", iterations);
            m.put("measurement_millis", iterationMillis);
            return m;
        }
    }

    /** The baseline every speedup is relative to. */
    public static final String BASELINE = "fp32-java";

    private KernelBench() {}

    /**
     * Times every kernel (plus the baseline) on every shape. Shapes equal under different ids are timed once.
     *
     * @param kernelIds kernels to time
     * @param shapes shapes to time them on; each measurement carries its shape's id
     * @param corePeaks the derived single-core peaks, by bit width
     */
    public static List<KernelMeasurement> run(List<String> kernelIds, List<ModelGemmShapes.LayerGemm> shapes, Mode mode,
            List<Peak> corePeaks) throws RunnerException {
        List<String> kernels = new ArrayList<>(kernelIds);
        if (!kernels.contains(BASELINE)) {
            kernels.add(0, BASELINE);
        }
        kernels.forEach(Kernels::get); // unknown ids fail before JMH starts
        List<GemmShape> gemms = shapes.stream().map(ModelGemmShapes.LayerGemm::shape).distinct().toList();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + java.util.regex.Pattern.quote(GemmBenchmark.class.getName()) + "\\.")
                .param("kernel", kernels.toArray(String[]::new))
                .param("shape", gemms.stream().map(GemmShape::toString).toArray(String[]::new))
                .forks(mode.forks).threads(1)
                .warmupIterations(mode.warmups).warmupTime(TimeValue.milliseconds(mode.warmupMillis))
                .measurementIterations(mode.iterations).measurementTime(TimeValue.milliseconds(mode.iterationMillis))
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xmx2g")
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();
        // scores by kernel and MxNxK, the form JMH had the shape in
        Map<String, Double> micros = new LinkedHashMap<>();
        Map<String, Double> errors = new LinkedHashMap<>();
        for (RunResult r : results) {
            String key = r.getParams().getParam("kernel") + "|" + r.getParams().getParam("shape");
            micros.put(key, r.getPrimaryResult().getScore());
            errors.put(key, r.getPrimaryResult().getScoreError());
        }
        // the libtorch baseline, timed by the harness in this process (see LibtorchBaseline)
        for (GemmShape s : gemms) {
            double[] t = LibtorchBaseline.time(s, mode.warmups, mode.iterations, mode.iterationMillis);
            micros.put(LibtorchBaseline.ID + "|" + s, t[0]);
            errors.put(LibtorchBaseline.ID + "|" + s, t[1]);
        }
        List<KernelMeasurement> out = new ArrayList<>();
        for (ModelGemmShapes.LayerGemm s : shapes) {
            out.add(measurement(LibtorchBaseline.ID, Peak.FLOAT_BITS, false, s, micros, errors, corePeaks));
        }
        for (String kernelId : kernels) {
            GemmKernel kernel = Kernels.get(kernelId);
            for (ModelGemmShapes.LayerGemm s : shapes) {
                out.add(measurement(kernelId, kernel.bits(), kernel.reference(), s, micros, errors, corePeaks));
            }
        }
        return out;
    }

    /** One timed kernel on one shape, with GOPS, speedup over the baseline and percent of the core peak. */
    private static KernelMeasurement measurement(String id, int bits, boolean reference, ModelGemmShapes.LayerGemm shape,
            Map<String, Double> micros, Map<String, Double> errors, List<Peak> corePeaks) {
        GemmShape s = shape.shape();
        Double t = micros.get(id + "|" + s);
        if (t == null) {
            throw new IllegalStateException("no score for " + id + " on " + shape.id() + " (" + s + ")");
        }
        double gops = 2.0 * s.macs() / (t * 1e3);
        double peak = corePeaks.stream().filter(p -> p.bits() == bits).mapToDouble(Peak::gops).findFirst().orElse(Double.NaN);
        return new KernelMeasurement(id, bits, reference, shape.id(), s.m(), s.n(), s.k(), t, errors.get(id + "|" + s), gops,
                micros.get(BASELINE + "|" + s) / t, peak, 100 * gops / peak);
    }
}
