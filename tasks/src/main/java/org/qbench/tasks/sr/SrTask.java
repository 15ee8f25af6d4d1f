package org.qbench.tasks.sr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.SubNetworks;
import org.qbench.methods.TaskKind;
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
import org.qbench.tasks.images.Bicubic;
import org.qbench.tasks.images.RgbImage;
import org.qbench.tasks.metrics.ImageQuality;
import org.qbench.tasks.models.Edsr;
import org.qbench.tasks.train.DrawnBatches;
import org.qbench.tasks.train.ModelCost;
import org.qbench.tasks.train.SeedStreams;
import org.qbench.tasks.train.TrainingLoop;

/**
 * Single-image super-resolution ({@code sr-x2}, {@code sr-x4}): an {@link Edsr} network built from the method's
 * layers learns to undo a MATLAB-bicubic downscale of photographs, trained by the shared {@link TrainingLoop} with
 * {@link SrRecipe} (random patches, L1, Adam), measured as BasicSR measures (the {@link #PROTOCOL}) on each test set
 * of {@link SrData}: PSNR and SSIM per set. The scale is part of the task id, hence of every run spec.
 *
 * <p>A method that trains nothing ({@link QuantMethod#trains()}: bicubic interpolation) is measured the same way
 * without a model. A method with {@link SubNetworks} (QuantSR's depths) gets one weighted L1 per sub-network per
 * step, and is evaluated as its {@link SubNetworks#selectForEvaluation} says.
 *
 * <p>Cost is taken at a fixed {@value #COST_OUTPUT}x{@value #COST_OUTPUT} high-resolution output (SR papers' usual
 * convention), whatever the test images' sizes: after the test sets, evaluation runs one forward at that size so
 * the cost a result records is the one {@link #cost} computes from shapes.
 */
public final class SrTask implements Task {

    /** The evaluation protocol, recorded with every metric. */
    public static final String PROTOCOL = "y channel (bt.601, basicsr rgb2ycbcr) of the 8-bit output, border crop ="
            + " scale, psnr with peak 255 and ssim (gaussian 11, sigma 1.5), mean over the set's images; lr by matlab"
            + " bicubic (a = -0.5, antialiased) of the hr cropped to a multiple of the scale";

    /** Largest side of the preview crop. */
    static final int PREVIEW = 128;

    /** Side of the high-resolution output the cost is taken at. */
    public static final int COST_OUTPUT = 256;

    private final String id;
    private final int scale;
    private final SrSource source;

    /**
     * A super-resolution task at one scale on the photographs of {@code source}.
     *
     * @param scale upscaling factor, 2, 3 or 4
     * @param source where the data comes from (shared by the tasks of every scale, so it is read once)
     */
    public SrTask(int scale, SrSource source) {
        if (scale != 2 && scale != 3 && scale != 4) {
            throw new IllegalArgumentException("super-resolution scales are 2, 3 and 4, not " + scale);
        }
        this.id = "sr-x" + scale;
        this.scale = scale;
        this.source = source;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "x" + scale + " super-resolution of packaged photographs (or your DIV2K/Set5/Set14, --data-dir), "
                + "EDSR-baseline-style network, Y-PSNR/SSIM per test set";
    }

    @Override
    public TaskKind kind() {
        return TaskKind.SUPER_RESOLUTION;
    }

    /** The upscaling factor. */
    public int scale() {
        return scale;
    }

    @Override
    public void prepareData(Optional<Path> dataDir) {
        source.pairs(dataDir, scale);
    }

    @Override
    public TaskOutcome run(TaskContext ctx) {
        SrRecipe recipe = SrRecipe.of(ctx, scale);
        SrSource.Pairs data = source.pairs(ctx.dataDir(), scale);
        Map<String, List<SrSource.Pair>> tests = data.tests(recipe.testImages());
        if (!ctx.method().trains()) {
            return interpolated(ctx, tests, data);
        }
        SeedStreams seeds = SeedStreams.derived(ctx.seed());
        LayerFactory layers = ctx.method().layers(ctx.config());
        Block net = Edsr.build(layers, recipe.model());
        Optional<SubNetworks> subNetworks = layers.subNetworks();
        Loss l1 = Loss.l1Loss();
        Evaluation evaluation = new Evaluation(tests, scale, subNetworks);
        TrainingLoop.Outcome trained = TrainingLoop.run(new TrainingLoop.Plan(id, net,
                new PatchBatches(data.train(), scale, recipe, seeds), new SubNetworkStep(l1, subNetworks,
                recipe.iterations()), l1, recipe.optimisation(), recipe.epochs(), seeds, evaluation), ctx);
        Map<String, Object> described = recipe.describe();
        subNetworks.ifPresent(s -> described.put("sub_networks", s.describe()));
        ctx.method().quantizerOptimizer().ifPresent(adam -> described.put("quantizer_optimizer", adam.describe()));
        described.put("seed_streams", seeds.describe());
        return new TaskOutcome(trained.metrics(), trained.figures(), trained.cost(), described, data.dataset(),
                data.checksums(), evaluation.preview());
    }

    /** A method without a network: its output is computed per image, measured as a model's. */
    private TaskOutcome interpolated(TaskContext ctx, Map<String, List<SrSource.Pair>> tests, SrSource.Pairs data) {
        long start = System.nanoTime();
        Measured measured = measure(tests, scale, lr -> Bicubic.upscale(lr, scale), ctx.progress());
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("model", "bicubic interpolation (matlab imresize, a = -0.5), no parameters");
        int limit = SrRecipe.of(ctx, scale).testImages();
        recipe.put("test_images_per_set", limit == 0 ? "all" : limit);
        return new TaskOutcome(measured.metrics(), new TrainingFigures(0, 0, 0, seconds, 0, 0, 0),
                new CostFigures(0, 0, 0, 0), recipe, data.dataset(), data.checksums(), measured.preview());
    }

    /**
     * The pictures tables show side by side, as SR papers do: the central crop (at most {@value #PREVIEW} pixels
     * square, on the scale's grid) of the first test image's output ({@code sr}) and of its ground truth
     * ({@code hr}).
     */
    private static Map<String, RgbImage> preview(SrSource.Pair first, RgbImage sr, int scale) {
        RgbImage hr = first.hr();
        int side = Math.min(PREVIEW, Math.min(hr.height(), hr.width())) / scale * scale;
        int y = (hr.height() - side) / 2 / scale * scale;
        int x = (hr.width() - side) / 2 / scale * scale;
        Map<String, RgbImage> images = new LinkedHashMap<>();
        images.put("sr", sr.crop(y, x, side, side));
        images.put("hr", hr.crop(y, x, side, side));
        return images;
    }

    /**
     * What one pass over the test sets gave.
     *
     * @param metrics PSNR and SSIM per test set
     * @param preview the pictures of the first test image ({@link #preview})
     */
    record Measured(List<Metric> metrics, Map<String, RgbImage> preview) {}

    /**
     * PSNR and SSIM per test set of the images {@code upscale} makes from each low-resolution input, and the preview
     * of the first one's output.
     */
    static Measured measure(Map<String, List<SrSource.Pair>> tests, int scale,
            java.util.function.Function<RgbImage, RgbImage> upscale, ProgressListener progress) {
        Map<String, RgbImage> preview = null;
        List<Metric> metrics = new ArrayList<>();
        int total = tests.values().stream().mapToInt(List::size).sum();
        progress.start("test", total);
        for (Map.Entry<String, List<SrSource.Pair>> set : tests.entrySet()) {
            double psnr = 0;
            double ssim = 0;
            for (SrSource.Pair pair : set.getValue()) {
                RgbImage sr = upscale.apply(pair.lr());
                if (preview == null) {
                    preview = preview(pair, sr, scale);
                }
                double[] q = ImageQuality.onLuma(sr, pair.hr(), scale);
                psnr += q[0];
                ssim += q[1];
                progress.step(pair.hr().name());
            }
            int n = set.getValue().size();
            metrics.add(MetricSpec.psnr(set.getKey(), PROTOCOL).of(psnr / n));
            metrics.add(MetricSpec.ssim(set.getKey(), PROTOCOL).of(ssim / n));
        }
        progress.end();
        return new Measured(metrics, preview);
    }

    /** The upscaled image of one low-resolution input through the model, rounded to 8 bits as BasicSR saves it. */
    static RgbImage upscale(Block model, NDManager manager, RgbImage lr, int scale) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = EngineArrays.of(batch, lr.toUnitFloats(), new Shape(1, 3, lr.height(), lr.width()));
            float[] out = model.forward(new ParameterStore(batch, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            return RgbImage.fromUnitFloats(lr.name() + "-sr", lr.height() * scale, lr.width() * scale, out);
        }
    }

    @Override
    public CostBreakdown cost(QuantMethod method, MethodConfig config, Budget budget) {
        if (!method.trains()) {
            return new CostBreakdown("bicubic interpolation, no parameters", List.of(), 0, 0);
        }
        SrRecipe recipe = SrRecipe.forBudget(budget, scale);
        Block net = Edsr.build(method.layers(config), recipe.model());
        return ModelCost.ofShapes(recipe.model().describe() + ", at a " + COST_OUTPUT + "x" + COST_OUTPUT + " output", net,
                costInput(scale));
    }

    /** The low-resolution input whose output is {@value #COST_OUTPUT} pixels square. */
    static Shape costInput(int scale) {
        return new Shape(3, COST_OUTPUT / scale, COST_OUTPUT / scale);
    }

    /**
     * One step's loss: the L1 of a single forward, or, for a method with sub-networks, the weighted sum of one L1
     * per sub-network on the same batch (QuantSR's DQA: one backward through all of them).
     */
    static final class SubNetworkStep implements TrainingLoop.Step {
        private final Loss loss;
        private final Optional<SubNetworks> subNetworks;
        private final int steps;
        private int step;

        SubNetworkStep(Loss loss, Optional<SubNetworks> subNetworks, int steps) {
            this.loss = loss;
            this.subNetworks = subNetworks;
            this.steps = steps;
        }

        @Override
        public NDArray loss(UnaryOperator<NDList> forward, TrainingLoop.Batch batch) {
            if (subNetworks.isEmpty()) {
                return loss.evaluate(batch.targets(), forward.apply(batch.inputs()));
            }
            SubNetworks sub = subNetworks.get();
            double[] weights = sub.forwards(step++, steps);
            NDArray total = null;
            for (int f = 0; f < weights.length; f++) {
                sub.select(f);
                NDArray l = loss.evaluate(batch.targets(), forward.apply(batch.inputs()));
                l = l.mul(EngineArrays.scalar(l.getManager(), (float) weights[f]));
                total = total == null ? l : total.add(l);
            }
            return total;
        }
    }

    /** PSNR and SSIM per test set, the preview, then one forward at the cost size. */
    private static final class Evaluation implements TrainingLoop.Evaluation {
        private final Map<String, List<SrSource.Pair>> tests;
        private final int scale;
        private final Optional<SubNetworks> subNetworks;
        private Map<String, RgbImage> preview = Map.of();

        Evaluation(Map<String, List<SrSource.Pair>> tests, int scale, Optional<SubNetworks> subNetworks) {
            this.tests = tests;
            this.scale = scale;
            this.subNetworks = subNetworks;
        }

        /** The pictures of the last evaluation without an interceptor (the simulated model's). */
        Map<String, RgbImage> preview() {
            return preview;
        }

        @Override
        public List<Metric> evaluate(Block model, NDManager manager, LayerInterceptor interceptor,
                ProgressListener progress) {
            subNetworks.ifPresent(SubNetworks::selectForEvaluation);
            try (QuantizedLayers.Scope scope = QuantizedLayers.intercept(interceptor)) {
                Measured measured = measure(tests, scale, lr -> upscale(model, manager, lr, scale), progress);
                if (interceptor == null) {
                    preview = measured.preview();
                }
                // The recorded cost is the one of the model's last forward: make it the fixed-size one.
                try (NDManager batch = manager.newSubManager()) {
                    model.forward(new ParameterStore(batch, false),
                            new NDList(batch.zeros(new Shape(1).addAll(costInput(scale)))), false);
                }
                return measured.metrics();
            }
        }

        @Override
        public NDList samples(NDManager manager, int n) {
            RgbImage lr = tests.values().iterator().next().get(0).lr();
            return new NDList(EngineArrays.of(manager, lr.toUnitFloats(), new Shape(1, 3, lr.height(), lr.width())));
        }
    }

    /**
     * Random training patches: an image drawn uniformly from the pool, a random low-resolution window and the
     * high-resolution window it came from, then BasicSR's {@code augment}: horizontal flip, vertical flip and
     * transpose, each with probability one half.
     */
    static final class PatchBatches extends DrawnBatches {
        private final List<SrSource.Pair> pool;
        private final int scale;
        private final SrRecipe recipe;

        PatchBatches(List<SrSource.Pair> pool, int scale, SrRecipe recipe, SeedStreams seeds) {
            super(recipe.batchSize(), recipe.stepsPerEpoch(), seeds);
            this.pool = pool;
            this.scale = scale;
            this.recipe = recipe;
        }

        @Override
        public Shape[] inputShapes() {
            return new Shape[] {new Shape(recipe.batchSize(), 3, recipe.lrPatch(), recipe.lrPatch())};
        }

        @Override
        protected TrainingLoop.Batch draw(NDManager manager, Random where, Random augment) {
            int p = recipe.lrPatch();
            int hp = p * scale;
            int b = recipe.batchSize();
            float[] lr = new float[b * 3 * p * p];
            float[] hr = new float[b * 3 * hp * hp];
            for (int i = 0; i < b; i++) {
                SrSource.Pair pair = pool.get(where.nextInt(pool.size()));
                int y = where.nextInt(pair.lr().height() - p + 1);
                int x = where.nextInt(pair.lr().width() - p + 1);
                int flips = augment == null ? 0 : augment.nextInt(8);
                copyPatch(pair.lr(), y, x, p, flips, lr, i * 3 * p * p);
                copyPatch(pair.hr(), y * scale, x * scale, hp, flips, hr, i * 3 * hp * hp);
            }
            return new TrainingLoop.Batch(new NDList(EngineArrays.of(manager, lr, new Shape(b, 3, p, p))),
                    new NDList(EngineArrays.of(manager, hr, new Shape(b, 3, hp, hp))));
        }
    }

    /**
     * Copies the {@code size}-square window at {@code (y0, x0)} of {@code image} into {@code dst} at {@code offset}
     * as [0, 1] CHW values, transformed as BasicSR's {@code augment} does in this order: horizontal flip (bit 0),
     * vertical flip (bit 1), transpose (bit 2, its {@code rot90}).
     */
    static void copyPatch(RgbImage image, int y0, int x0, int size, int flips, float[] dst, int offset) {
        boolean hflip = (flips & 1) != 0;
        boolean vflip = (flips & 2) != 0;
        boolean transpose = (flips & 4) != 0;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    int a = transpose ? j : i;
                    int b = transpose ? i : j;
                    if (vflip) {
                        a = size - 1 - a;
                    }
                    if (hflip) {
                        b = size - 1 - b;
                    }
                    dst[offset + (c * size + i) * size + j] = image.value(c, y0 + a, x0 + b) / 255f;
                }
            }
        }
    }
}
