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
import org.qbench.hardware.bench.AttentionBenchmark;
import org.qbench.hardware.bench.GemmBenchmark;
import org.qbench.hardware.kernel.AttentionKernel;
import org.qbench.hardware.kernel.AttentionKernels;
import org.qbench.hardware.kernel.GemmKernel;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.hardware.kernel.Kernels;
import org.qbench.hardware.kernel.ShiftAddShape;
import org.qbench.hardware.profile.Peak;

/**
 * Runs {@link GemmBenchmark} through JMH's runner API for a list of kernels (Java ones and those a native runtime
 * runs, {@code ort-*}: ONNX Runtime's CPU kernels, timed by the same benchmark) and the models' shapes
 * ({@link ModelGemmShapes}, handed to JMH as {@code MxNxK}), times the libtorch FP32 matmul on the same shapes
 * ({@link LibtorchBaseline}), and turns the scores into {@link KernelMeasurement}s: GOPS, speedup over
 * {@code fp32-java} on the same shape (always timed as the baseline), and percent of the derived single-core
 * peak. Likewise {@link AttentionBenchmark} for the attention kernels on the ViTs' attention shapes
 * ({@link #runAttention}): equivalent GMAC/s and speedup over {@code attn-fp32-simd}, the float {@code P V}.
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

        /** The settings of a GEMM run, for the report. */
        public Map<String, Object> describe() {
            return describe(GemmBenchmark.class, "average time per multiply, single thread");
        }

        /** The settings of an attention run, for the report. */
        public Map<String, Object> describeAttention() {
            return describe(AttentionBenchmark.class, "average time per batch of P V products (" + ModelGemmShapes.BATCH
                    + " samples x heads), single thread");
        }

        private Map<String, Object> describe(Class<?> benchmark, String what) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", benchmark.getName());
            m.put("mode", what);
            m.put("forks", forks);
            m.put("warmup_iterations", warmups);
            m.put("warmup_millis", warmupMillis);
            m.put("measurement_iterations", iterations);
            m.put("measurement_millis", iterationMillis);
            return m;
        }

        private ChainedOptionsBuilder options(Class<?> benchmark) {
            return new OptionsBuilder()
                    .include("^" + java.util.regex.Pattern.quote(benchmark.getName()) + "\\.")
                    .forks(forks).threads(1)
                    .warmupIterations(warmups).warmupTime(TimeValue.milliseconds(warmupMillis))
                    .measurementIterations(iterations).measurementTime(TimeValue.milliseconds(iterationMillis))
                    .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xmx2g")
                    .shouldFailOnError(true);
        }
    }

    /** The baseline every GEMM speedup is relative to. */
    public static final String BASELINE = "fp32-java";

    /** The baseline every attention speedup is relative to: the same {@code P V} in floats, as a float ViT runs it. */
    public static final String ATTENTION_BASELINE = "attn-fp32-simd";

    /**
     * A profile's kernel list split by registry: a profile names its GEMM kernels ({@link Kernels}) and its
     * attention kernels ({@link AttentionKernels}) in one list, in its own order.
     *
     * @param gemm the ids of GEMM kernels
     * @param attention the ids of attention kernels
     */
    public record ProfileKernels(List<String> gemm, List<String> attention) {

        /** Makes the lists immutable. */
        public ProfileKernels {
            gemm = List.copyOf(gemm);
            attention = List.copyOf(attention);
        }

        /**
         * Splits {@code ids} by the registry that knows each.
         *
         * @throws IllegalArgumentException for an id neither registry knows, listing both registries' ids
         */
        public static ProfileKernels of(List<String> ids) {
            List<String> gemm = new ArrayList<>();
            List<String> attention = new ArrayList<>();
            for (String id : ids) {
                if (Kernels.find(id).isPresent()) {
                    gemm.add(id);
                } else if (AttentionKernels.find(id).isPresent()) {
                    attention.add(id);
                } else {
                    throw new IllegalArgumentException("unknown kernel '" + id + "' (GEMM kernels: "
                            + String.join(", ", Kernels.ids()) + "; attention kernels: "
                            + String.join(", ", AttentionKernels.ids()) + ")");
                }
            }
            return new ProfileKernels(gemm, attention);
        }
    }

    private KernelBench() {}

    /**
     * The native runtimes that run some of these kernels (see {@link GemmKernel#runtime()}), distinct and in the
     * kernels' order; empty when all are Java. A report keeps them in its provenance ({@value #RUNTIMES}).
     */
    public static List<String> runtimes(List<String> kernelIds) {
        return kernelIds.stream().map(Kernels::find).flatMap(java.util.Optional::stream)
                .flatMap(k -> k.runtime().stream()).distinct().toList();
    }

    /** The provenance key of {@link #runtimes}, present only when some kernel is run by a native library. */
    public static final String RUNTIMES = "native_runtimes";

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
        ChainedOptionsBuilder options = mode.options(GemmBenchmark.class)
                .param("kernel", kernels.toArray(String[]::new))
                .param("shape", gemms.stream().map(GemmShape::toString).toArray(String[]::new));
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

    /**
     * Times every attention kernel (plus {@link #ATTENTION_BASELINE}) on every attention shape, for a batch of
     * {@value ModelGemmShapes#BATCH} samples times the shape's heads. Equal batches under different ids are timed
     * once. The shapes must share their exponent width and value codes (the suite's do: {@link
     * ModelGemmShapes#ATTENTION_EXPONENT_BITS}, {@link ModelGemmShapes#ATTENTION_VALUES}).
     *
     * @param kernelIds attention kernels to time
     * @param shapes attention shapes to time them on; each measurement carries its shape's id
     * @throws IllegalArgumentException for an unknown kernel, no shapes, or shapes of different codes
     */
    public static List<AttentionMeasurement> runAttention(List<String> kernelIds,
            List<ModelGemmShapes.AttentionShape> shapes, Mode mode) throws RunnerException {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("no attention shapes to time");
        }
        List<String> kernels = new ArrayList<>(kernelIds);
        if (!kernels.contains(ATTENTION_BASELINE)) {
            kernels.add(0, ATTENTION_BASELINE);
        }
        kernels.forEach(AttentionKernels::get); // unknown ids fail before JMH starts
        ShiftAddShape first = shapes.get(0).shape();
        for (ModelGemmShapes.AttentionShape a : shapes) {
            if (a.shape().exponentBits() != first.exponentBits() || !a.shape().values().equals(first.values())) {
                throw new IllegalArgumentException("attention shapes of different codes cannot be timed together: "
                        + shapes.get(0).id() + " has " + first + ", " + a.id() + " " + a.shape());
            }
        }
        if (!first.values().signed()) {
            throw new IllegalArgumentException("the attention benchmark draws signed values, not " + first.values());
        }
        List<String> batches = shapes.stream().map(KernelBench::batch).distinct().toList();
        ChainedOptionsBuilder options = mode.options(AttentionBenchmark.class)
                .param("kernel", kernels.toArray(String[]::new))
                .param("batch", batches.toArray(String[]::new))
                .param("exponentBits", Integer.toString(first.exponentBits()))
                .param("valueBits", Integer.toString(first.values().bits()));
        Map<String, Double> micros = new LinkedHashMap<>();
        Map<String, Double> errors = new LinkedHashMap<>();
        for (RunResult r : new Runner(options.build()).run()) {
            String key = r.getParams().getParam("kernel") + "|" + r.getParams().getParam("batch");
            micros.put(key, r.getPrimaryResult().getScore());
            errors.put(key, r.getPrimaryResult().getScoreError());
        }
        List<AttentionMeasurement> out = new ArrayList<>();
        for (String kernelId : kernels) {
            AttentionKernel kernel = AttentionKernels.get(kernelId);
            for (ModelGemmShapes.AttentionShape a : shapes) {
                out.add(attentionMeasurement(kernel, a, micros, errors));
            }
        }
        return out;
    }

    /** The JMH parameter of an attention shape: {@code P*NxMxD} for a batch of its heads. */
    static String batch(ModelGemmShapes.AttentionShape a) {
        ShiftAddShape s = a.shape();
        return new AttentionBenchmark.Batch(a.problems(), s.n(), s.m(), s.d()).toString();
    }

    private static AttentionMeasurement attentionMeasurement(AttentionKernel kernel, ModelGemmShapes.AttentionShape a,
            Map<String, Double> micros, Map<String, Double> errors) {
        String b = batch(a);
        Double t = micros.get(kernel.id() + "|" + b);
        Double base = micros.get(ATTENTION_BASELINE + "|" + b);
        if (t == null || base == null) {
            throw new IllegalStateException("no score for " + (t == null ? kernel.id() : ATTENTION_BASELINE) + " on "
                    + a.id() + " (" + b + ")");
        }
        ShiftAddShape s = a.shape();
        double gmacs = AttentionBenchmark.Batch.parse(b).macs() / (t * 1e3);
        return new AttentionMeasurement(kernel.id(), kernel.reference(), kernel.exact(), a.id(), a.heads(), a.problems(),
                s.n(), s.m(), s.d(), s.exponentBits(), s.values().bits(), t, errors.get(kernel.id() + "|" + b), gmacs,
                base / t);
    }
}
