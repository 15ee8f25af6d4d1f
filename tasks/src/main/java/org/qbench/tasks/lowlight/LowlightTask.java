package org.qbench.tasks.lowlight;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.brve.BrveOptions;
import org.qbench.methods.fp32.Fp32Options;
import org.qbench.methods.layers.LayerInterceptor;
import org.qbench.methods.layers.QuantizedLayers;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.CostFigures;
import org.qbench.tasks.Metric;
import org.qbench.tasks.MetricSpec;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.Task;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.TrainingFigures;
import org.qbench.tasks.images.RgbImage;
import org.qbench.tasks.metrics.ImageQuality;
import org.qbench.tasks.models.BrveNet;
import org.qbench.tasks.models.VideoUNet;
import org.qbench.tasks.train.DrawnBatches;
import org.qbench.tasks.train.ModelCost;
import org.qbench.tasks.train.SeedStreams;
import org.qbench.tasks.train.TrainingLoop;

/**
 * Low-light raw video enhancement ({@code lowlight-video}), after BRVE (CVPR 2024) on <b>synthetic</b> clips
 * ({@link LowlightData}: packaged photographs and videos, unprocessed to raw, mosaicked, darkened by an exposure
 * ratio and given ELD-model sensor noise). The input is the packed raw clip {@code (raw - black) / (white - black) *
 * ratio}, clipped to [0, 1]; the target the clean packed clip without the ratio. Networks: {@link BrveNet} built from
 * the run's method (BRVE's binary network, its full-precision twin, multi-bit LSQ, BiBench's 1-bit operators), or,
 * for {@code fp32} with {@link Fp32Options#network()} {@code unet}/{@code unet-single}, the full-precision reference
 * U-Nets of {@link VideoUNet}; the {@code noisy-input} method (no network) is measured on the input itself.
 *
 * <p>Metrics as BRVE's ({@link #PROTOCOL}): raw-domain PSNR (peak 1) and SSIM (per packed channel, averaged) per
 * frame, averaged per clip, then per exposure ratio, then across ratios; one PSNR and one SSIM per test set. Cost is
 * taken at a window of {@value #COST_SIDE}x{@value #COST_SIDE} packed frames (BRVE's complexity convention).
 */
public final class LowlightTask implements Task {

    /** The task id. */
    public static final String ID = "lowlight-video";

    /** The evaluation protocol, recorded with every metric. */
    public static final String PROTOCOL = "synthetic low-light raw clips; packed-raw psnr (peak 1) and ssim (gaussian"
            + " 11, sigma 1.5, per packed channel, averaged) of the output clipped to [0, 1] per frame, averaged per"
            + " clip, then per exposure ratio, then across ratios";

    /** Side of the packed frames the cost is taken at. */
    public static final int COST_SIDE = 128;

    private final LowlightData data;

    /** The task on {@code data}. */
    public LowlightTask(LowlightData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "low-light raw video enhancement on SYNTHETIC clips (ELD noise on unprocessed packaged photos and"
                + " videos), BRVE's binary network, packed-raw PSNR/SSIM per test set";
    }

    @Override
    public TaskKind kind() {
        return TaskKind.LOWLIGHT_VIDEO;
    }

    @Override
    public void prepareData(Optional<Path> dataDir) {
        data.load(dataDir);
    }

    @Override
    public TaskOutcome run(TaskContext ctx) {
        LowlightRecipe recipe = LowlightRecipe.of(ctx);
        LowlightSets sets = data.load(ctx.dataDir());
        Map<String, List<RawClip>> tests = firstClips(sets.tests(), recipe.testClips());
        if (!ctx.method().trains()) {
            return unprocessed(recipe, tests, sets);
        }
        SeedStreams seeds = SeedStreams.derived(ctx.seed());
        Network network = network(ctx.method(), ctx.config(), recipe);
        Evaluation evaluation = new Evaluation(tests, recipe);
        CharbonnierLoss loss = new CharbonnierLoss();
        TrainingLoop.Outcome trained = TrainingLoop.run(new TrainingLoop.Plan(ID, network.block(),
                new ClipBatches(sets.train(), recipe, seeds), TrainingLoop.Step.supervised(loss), loss,
                recipe.optimisation(), recipe.epochs(), seeds, evaluation), ctx);
        Map<String, Object> described = recipe.describe(network.describe());
        described.put("seed_streams", seeds.describe());
        described.put("data", generator(sets));
        return new TaskOutcome(trained.metrics(), trained.figures(), trained.cost(), described, sets.dataset(),
                sets.checksums(), evaluation.preview());
    }

    /** The noisy-input row: the input measured as an output. */
    private static TaskOutcome unprocessed(LowlightRecipe recipe, Map<String, List<RawClip>> tests,
            LowlightSets sets) {
        long start = System.nanoTime();
        Measured measured = measure(tests, RawClip::noisy, ProgressListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("model", "none: the amplified noisy input measured as the output");
        described.put("test_clips_per_set", recipe.testClips() == 0 ? "all" : recipe.testClips());
        described.put("data", generator(sets));
        return new TaskOutcome(measured.metrics(), new TrainingFigures(0, 0, 0, seconds, 0, 0, 0),
                new CostFigures(0, 0, 0, 0), described, sets.dataset(), sets.checksums(), measured.preview());
    }

    /** The first {@code limit} clips of each test set (0: all). */
    static Map<String, List<RawClip>> firstClips(Map<String, List<RawClip>> tests, int limit) {
        Map<String, List<RawClip>> out = new LinkedHashMap<>();
        tests.forEach((set, clips) -> out.put(set, limit == 0 ? clips : clips.subList(0, Math.min(limit, clips.size()))));
        return out;
    }

    /** The data's identity for the result's recipe: which clips, and the hash of the generator's configuration. */
    private static String generator(LowlightSets sets) {
        return sets.id() + ", generator configuration " + sets.configHash();
    }

    /** A network and how result files name it. */
    record Network(Block block, String describe) {}

    /** The network a method and config train: BRVE's (with the options' ablation) or a reference U-Net. */
    static Network network(QuantMethod method, MethodConfig config, LowlightRecipe recipe) {
        LayerFactory layers = method.layers(config);
        String reference = Fp32Options.networkOf(config.options());
        if (!reference.equals(Fp32Options.TASK)) {
            VideoUNet.Spec spec = recipe.unet(reference.equals(Fp32Options.UNET) ? VideoUNet.Kind.MULTI_FRAME
                    : VideoUNet.Kind.SINGLE_FRAME);
            return new Network(VideoUNet.build(layers, spec), spec.describe());
        }
        BrveNet.Spec spec = brveSpec(recipe.brve(), config);
        return new Network(BrveNet.build(layers, spec), spec.describe());
    }

    /** The budget's BRVE shape with a {@code brve} run's architecture options applied. */
    static BrveNet.Spec brveSpec(BrveNet.Spec base, MethodConfig config) {
        if (!(config.options() instanceof BrveOptions o)) {
            return base;
        }
        BrveNet.Spec spec = base.withDepth(o.depthOr(base.depth()));
        return spec.withVariant(o.unets(), o.shiftMode(), o.spatialShiftVariant());
    }

    /**
     * What one pass over the test sets gave.
     *
     * @param metrics PSNR and SSIM per test set
     * @param preview the pictures of the first test clip's middle frame
     */
    record Measured(List<Metric> metrics, Map<String, RgbImage> preview) {}

    /** PSNR and SSIM per test set of the clips {@code enhance} makes, and the first clip's preview. */
    static Measured measure(Map<String, List<RawClip>> tests, java.util.function.Function<RawClip, float[]> enhance,
            ProgressListener progress) {
        Map<String, RgbImage> preview = null;
        List<Metric> metrics = new ArrayList<>();
        progress.start("test", tests.values().stream().mapToInt(List::size).sum());
        for (Map.Entry<String, List<RawClip>> set : tests.entrySet()) {
            Map<Integer, double[]> perRatio = new TreeMap<>(); // ratio -> {psnr sum, ssim sum, clips}
            for (RawClip clip : set.getValue()) {
                float[] out = enhance.apply(clip);
                if (preview == null) {
                    preview = preview(clip, out);
                }
                double[] q = clipQuality(clip, out);
                double[] acc = perRatio.computeIfAbsent(clip.ratio(), r -> new double[3]);
                acc[0] += q[0];
                acc[1] += q[1];
                acc[2]++;
                progress.step(clip.name());
            }
            double psnr = 0;
            double ssim = 0;
            for (double[] acc : perRatio.values()) {
                psnr += acc[0] / acc[2];
                ssim += acc[1] / acc[2];
            }
            metrics.add(MetricSpec.psnr(set.getKey(), PROTOCOL).of(psnr / perRatio.size()));
            metrics.add(MetricSpec.ssim(set.getKey(), PROTOCOL).of(ssim / perRatio.size()));
        }
        progress.end();
        return new Measured(metrics, preview == null ? Map.of() : preview);
    }

    /** Mean per-frame {PSNR, SSIM} of a clip's output, clipped to [0, 1], against its clean frames. */
    static double[] clipQuality(RawClip clip, float[] out) {
        int frame = 4 * clip.height() * clip.width();
        double psnr = 0;
        double ssim = 0;
        float[] a = new float[frame];
        float[] b = new float[frame];
        for (int t = 0; t < clip.frames(); t++) {
            for (int i = 0; i < frame; i++) {
                a[i] = Math.min(1f, Math.max(0f, out[t * frame + i]));
            }
            System.arraycopy(clip.clean(), t * frame, b, 0, frame);
            psnr += ImageQuality.psnr(a, b, 4, clip.height(), clip.width(), 1.0, 0);
            ssim += ImageQuality.ssim(a, b, 4, clip.height(), clip.width(), 1.0, 0);
        }
        return new double[] {psnr / clip.frames(), ssim / clip.frames()};
    }

    /**
     * The pictures tables show side by side: the middle frame of the first test clip through the fixed preview ISP,
     * the output ({@code sr}, the picture strips' name for a row's output) and the ground truth ({@code hr}).
     */
    private static Map<String, RgbImage> preview(RawClip clip, float[] out) {
        int t = clip.frames() / 2;
        int frame = 4 * clip.height() * clip.width();
        float[] o = new float[frame];
        float[] g = new float[frame];
        System.arraycopy(out, t * frame, o, 0, frame);
        System.arraycopy(clip.clean(), t * frame, g, 0, frame);
        Map<String, RgbImage> images = new LinkedHashMap<>();
        images.put("sr", Isp.toSrgb(clip.name() + "-out", o, clip.height(), clip.width(), clip.isp()));
        images.put("hr", Isp.toSrgb(clip.name() + "-gt", g, clip.height(), clip.width(), clip.isp()));
        return images;
    }

    /**
     * A whole clip through the model: windows of {@code window} frames advanced by {@code window - overlap} (the last
     * one ending at the clip's end), each frame split into tiles of at most {@code tile} pixels overlapping by
     * {@code tileOverlap}; overlapping outputs are averaged.
     */
    static float[] enhance(UnaryOperator<float[]> model, RawClip clip, int window, int overlap, int tile,
            int tileOverlap) {
        int h = clip.height();
        int w = clip.width();
        int frame = 4 * h * w;
        if (clip.frames() < window) {
            throw new IllegalArgumentException("clip " + clip.name() + " has " + clip.frames() + " frames, fewer than the"
                    + " network's window of " + window);
        }
        float[] sum = new float[clip.frames() * frame];
        float[] count = new float[clip.frames() * h * w];
        int[] starts = starts(clip.frames(), window, window - overlap);
        int[] ys = starts(h, Math.min(tile, h), Math.min(tile, h) - tileOverlap);
        int[] xs = starts(w, Math.min(tile, w), Math.min(tile, w) - tileOverlap);
        int th = Math.min(tile, h);
        int tw = Math.min(tile, w);
        float[] in = new float[window * 4 * th * tw];
        for (int t0 : starts) {
            for (int y0 : ys) {
                for (int x0 : xs) {
                    for (int t = 0; t < window; t++) {
                        for (int c = 0; c < 4; c++) {
                            for (int y = 0; y < th; y++) {
                                System.arraycopy(clip.noisy(), (t0 + t) * frame + (c * h + y0 + y) * w + x0, in,
                                        ((t * 4 + c) * th + y) * tw, tw);
                            }
                        }
                    }
                    float[] out = model.apply(in);
                    for (int t = 0; t < window; t++) {
                        for (int c = 0; c < 4; c++) {
                            for (int y = 0; y < th; y++) {
                                for (int x = 0; x < tw; x++) {
                                    sum[(t0 + t) * frame + (c * h + y0 + y) * w + x0 + x] +=
                                            out[((t * 4 + c) * th + y) * tw + x];
                                }
                            }
                        }
                        for (int y = 0; y < th; y++) {
                            for (int x = 0; x < tw; x++) {
                                count[((t0 + t) * h + y0 + y) * w + x0 + x]++;
                            }
                        }
                    }
                }
            }
        }
        for (int t = 0; t < clip.frames(); t++) {
            for (int c = 0; c < 4; c++) {
                for (int p = 0; p < h * w; p++) {
                    sum[t * frame + c * h * w + p] /= count[t * h * w + p];
                }
            }
        }
        return sum;
    }

    /** Window starts covering {@code n} positions with windows of {@code size} every {@code step}, the last flush. */
    static int[] starts(int n, int size, int step) {
        List<Integer> s = new ArrayList<>();
        for (int p = 0; p + size < n; p += Math.max(1, step)) {
            s.add(p);
        }
        s.add(n - size);
        return s.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    /** One window {@code [1, T, 4, h, w]} through the model. */
    static float[] forward(Block model, NDManager manager, float[] window, int t, int h, int w) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = EngineArrays.of(batch, window, new Shape(1, t, 4, h, w));
            return model.forward(new ParameterStore(batch, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    @Override
    public CostBreakdown cost(QuantMethod method, MethodConfig config, Budget budget) {
        LowlightRecipe recipe = LowlightRecipe.forBudget(budget);
        if (!method.trains()) {
            return new CostBreakdown("the noisy input, no network", List.of(), 0, 0);
        }
        Network network = network(method, config, recipe);
        return ModelCost.ofShapes(network.describe() + ", a window of " + recipe.window() + " frames of " + COST_SIDE
                + "x" + COST_SIDE + " packed", network.block(), costInput(recipe));
    }

    /** One window of {@value #COST_SIDE}-square packed frames. */
    static Shape costInput(LowlightRecipe recipe) {
        return new Shape(recipe.window(), 4, COST_SIDE, COST_SIDE);
    }

    /** PSNR and SSIM per test set, the preview, then one forward at the cost size. */
    private static final class Evaluation implements TrainingLoop.Evaluation {
        private final Map<String, List<RawClip>> tests;
        private final LowlightRecipe recipe;
        private Map<String, RgbImage> preview = Map.of();

        Evaluation(Map<String, List<RawClip>> tests, LowlightRecipe recipe) {
            this.tests = tests;
            this.recipe = recipe;
        }

        Map<String, RgbImage> preview() {
            return preview;
        }

        @Override
        public List<Metric> evaluate(Block model, NDManager manager, LayerInterceptor interceptor,
                ProgressListener progress) {
            int t = recipe.window();
            try (QuantizedLayers.Scope scope = QuantizedLayers.intercept(interceptor)) {
                Measured measured = measure(tests, clip -> {
                    int th = Math.min(recipe.tile(), clip.height());
                    int tw = Math.min(recipe.tile(), clip.width());
                    return enhance(window -> forward(model, manager, window, t, th, tw), clip, t, recipe.overlap(),
                            recipe.tile(), recipe.tileOverlap());
                }, progress);
                if (interceptor == null) {
                    preview = measured.preview();
                }
                // The recorded cost is the one of the model's last forward: make it the fixed-size one.
                try (NDManager batch = manager.newSubManager()) {
                    model.forward(new ParameterStore(batch, false),
                            new NDList(batch.zeros(new Shape(1).addAll(costInput(recipe)))), false);
                }
                return measured.metrics();
            }
        }

        @Override
        public NDList samples(NDManager manager, int n) {
            RawClip clip = tests.values().iterator().next().get(0);
            int t = recipe.window();
            int side = Math.min(recipe.crop(), Math.min(clip.height(), clip.width()));
            float[] window = new float[t * 4 * side * side];
            ClipBatches.copyWindow(clip.noisy(), clip, 0, 0, 0, t, side, 0, window, 0);
            return new NDList(EngineArrays.of(manager, window, new Shape(1, t, 4, side, side)));
        }
    }

    /**
     * Random training windows: a clip drawn uniformly, a window of {@code T} consecutive frames and a square crop of
     * the packed frames, then BRVE's augmentation: flips along time, height and width and a transpose, each with
     * probability one half, the same for input and target.
     */
    static final class ClipBatches extends DrawnBatches {
        private final List<RawClip> pool;
        private final LowlightRecipe recipe;

        ClipBatches(List<RawClip> pool, LowlightRecipe recipe, SeedStreams seeds) {
            super(recipe.batchSize(), recipe.stepsPerEpoch(), seeds);
            if (pool.isEmpty()) {
                throw new IllegalArgumentException("no training clips");
            }
            this.pool = pool;
            this.recipe = recipe;
        }

        @Override
        public Shape[] inputShapes() {
            return new Shape[] {new Shape(recipe.batchSize(), recipe.window(), 4, recipe.crop(), recipe.crop())};
        }

        @Override
        protected TrainingLoop.Batch draw(NDManager manager, Random where, Random augment) {
            int t = recipe.window();
            int p = recipe.crop();
            int b = recipe.batchSize();
            int size = t * 4 * p * p;
            float[] in = new float[b * size];
            float[] target = new float[b * size];
            for (int i = 0; i < b; i++) {
                RawClip clip = pool.get(where.nextInt(pool.size()));
                if (clip.frames() < t || clip.height() < p || clip.width() < p) {
                    throw new IllegalArgumentException("training clip " + clip.name() + " (" + clip.frames() + " x "
                            + clip.height() + "x" + clip.width() + ") is smaller than a " + t + "-frame " + p + "x" + p
                            + " crop");
                }
                int t0 = where.nextInt(clip.frames() - t + 1);
                int y = where.nextInt(clip.height() - p + 1);
                int x = where.nextInt(clip.width() - p + 1);
                int flips = augment == null ? 0 : augment.nextInt(16);
                copyWindow(clip.noisy(), clip, t0, y, x, t, p, flips, in, i * size);
                copyWindow(clip.clean(), clip, t0, y, x, t, p, flips, target, i * size);
            }
            Shape shape = new Shape(b, t, 4, p, p);
            return new TrainingLoop.Batch(new NDList(EngineArrays.of(manager, in, shape)),
                    new NDList(EngineArrays.of(manager, target, shape)));
        }

        /**
         * Copies frames {@code t0 .. t0 + t - 1}, the {@code size}-square crop at {@code (y0, x0)}, of {@code values}
         * (a clip's {@code [T, 4, H, W]} array) into {@code dst} at {@code offset}, transformed: width flip (bit 0),
         * height flip (bit 1), transpose (bit 2), time reversal (bit 3).
         */
        static void copyWindow(float[] values, RawClip clip, int t0, int y0, int x0, int t, int size, int flips,
                float[] dst, int offset) {
            int h = clip.height();
            int w = clip.width();
            boolean wflip = (flips & 1) != 0;
            boolean hflip = (flips & 2) != 0;
            boolean transpose = (flips & 4) != 0;
            boolean reverse = (flips & 8) != 0;
            for (int f = 0; f < t; f++) {
                int src = t0 + (reverse ? t - 1 - f : f);
                for (int c = 0; c < 4; c++) {
                    for (int i = 0; i < size; i++) {
                        for (int j = 0; j < size; j++) {
                            int a = transpose ? j : i;
                            int bb = transpose ? i : j;
                            if (hflip) {
                                a = size - 1 - a;
                            }
                            if (wflip) {
                                bb = size - 1 - bb;
                            }
                            dst[offset + ((f * 4 + c) * size + i) * size + j] =
                                    values[((src * 4 + c) * h + y0 + a) * w + x0 + bb];
                        }
                    }
                }
            }
        }
    }
}
