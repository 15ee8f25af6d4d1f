package org.qbench.tasks.cls;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.WarmUpTracker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.QuantizerAdam;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.LayerInterceptor;
import org.qbench.methods.layers.QuantizedLayers;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.DivergedException;
import org.qbench.tasks.Metric;
import org.qbench.tasks.Task;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.TrainingFigures;
import org.qbench.tasks.data.Cifar10;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.data.FashionMnist;
import org.qbench.tasks.data.ImageSplits;
import org.qbench.tasks.data.LabelledImages;
import org.qbench.tasks.models.CifarResNet;
import org.qbench.tasks.numerics.NumericsCheck;
import org.qbench.tasks.parity.Parity;
import org.qbench.tasks.parity.ParityCheck;
import org.qbench.tasks.train.GroupedOptimizer;
import org.qbench.tasks.train.ModelCost;
import org.qbench.tasks.train.ScaledLearningRate;

/**
 * CNN classification trained from scratch ({@code cls-fmnist}, {@code cls-cifar10}): a CIFAR-style ResNet built from the method's layers, SGD with
 * momentum and a warm-up + cosine schedule, top-1 on the test set. The survey's own experiment (QAT from
 * scratch, no distillation) runs here.
 */
public final class ClassificationTask implements Task {

    private static final int EVAL_BATCH = 500;
    /** Steps excluded from the mean step time: the first ones include one-off allocation and JIT. */
    private static final int TIMING_WARMUP_STEPS = 10;

    private final String id;
    private final String description;
    private final Shape imageShape;
    private final Function<Optional<Path>, ImageSplits> loader;
    private ImageSplits cached;
    private Optional<Path> cachedFor;

    /**
     * A classification task over a data set.
     *
     * @param id the task id
     * @param description one line for {@code qbench list}
     * @param imageShape one image's channels, height and width, as the loader reads them
     * @param loader reads the data set, given the user's data folder if any
     */
    public ClassificationTask(String id, String description, Shape imageShape,
            Function<Optional<Path>, ImageSplits> loader) {
        this.id = id;
        this.description = description;
        this.imageShape = imageShape;
        this.loader = loader;
    }

    /** {@code cls-fmnist}: Fashion-MNIST, located and fetched as {@link FashionMnist} describes. */
    public static ClassificationTask fashionMnist() {
        return new ClassificationTask(
                "cls-fmnist",
                "Fashion-MNIST classification, CIFAR-style ResNet from scratch, top-1 on the test set",
                FashionMnist.IMAGE_SHAPE,
                dir -> FashionMnist.read(FashionMnist.locate(dir, defaultCacheDir(), System.err::println)));
    }

    /** {@code cls-cifar10}: CIFAR-10's binary batches from the user's data folder (never downloaded). */
    public static ClassificationTask cifar10() {
        return new ClassificationTask(
                "cls-cifar10",
                "CIFAR-10 classification (your copy, --data-dir), CIFAR-style ResNet from scratch, top-1 on the test set",
                Cifar10.IMAGE_SHAPE,
                dir -> Cifar10.read(Cifar10.locate(dir)));
    }

    /** {@code $XDG_CACHE_HOME/qbench}, or {@code ~/.cache/qbench}. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("qbench");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.CNN_CLASSIFICATION;
    }

    @Override
    public void prepareData(Optional<Path> dataDir) {
        data(dataDir);
    }

    /** Reads the data once per data folder; a grid trains many models on it. */
    private synchronized ImageSplits data(Optional<Path> dataDir) {
        if (cached == null || !cachedFor.equals(dataDir)) {
            cached = loader.apply(dataDir);
            cachedFor = dataDir;
        }
        return cached;
    }

    @Override
    public TaskOutcome run(TaskContext ctx) {
        ClassificationRecipe recipe = ClassificationRecipe.of(ctx);
        ImageSplits splits = data(ctx.dataDir());
        LabelledImages train = splits.train().head(recipe.trainSamples());
        LabelledImages test = splits.test().head(recipe.testSamples());

        // One seed drives weight init (through the engine) and data order (through this Random).
        Engine.getInstance().setRandomSeed((int) ctx.seed());
        Random order = new Random(ctx.seed());

        Block net = CifarResNet.build(ctx.method().layers(ctx.config()), recipe.model());
        int stepsPerEpoch = train.count() / recipe.batchSize();
        if (stepsPerEpoch == 0) {
            throw new DataException(splits.folder(), "the training split holds " + train.count()
                    + " images, fewer than one batch of " + recipe.batchSize() + " (budget " + ctx.budget().id() + ")");
        }
        int totalSteps = stepsPerEpoch * recipe.epochs();
        int warmup = Math.round(recipe.warmupEpochs() * stepsPerEpoch);
        CosineTracker cosine = CosineTracker.builder()
                .setBaseValue(recipe.learningRate()).optFinalValue(0f).setMaxUpdates(Math.max(1, totalSteps - warmup))
                .build();
        ScaledLearningRate schedule = new ScaledLearningRate(warmup > 0
                ? WarmUpTracker.builder().setMainTracker(cosine).optWarmUpSteps(warmup).optWarmUpBeginValue(0f).build()
                : cosine, recipe.quantizerLrScale());
        Optimizer sgd = Optimizer.sgd()
                .setLearningRateTracker(schedule)
                .optMomentum(recipe.momentum())
                .optWeightDecays(recipe.weightDecay())
                .build();
        // A method may train its quantizer parameters its own way (N2UQ: Adam, as its official code).
        Optimizer optimizer = ctx.method().quantizerOptimizer().<Optimizer>map(adam -> new GroupedOptimizer(sgd,
                Optimizer.adam()
                        .optLearningRateTracker(schedule.rescaledTo(adam.peakLearningRate(), recipe.learningRate()))
                        .optBeta1(QuantizerAdam.BETA1).optBeta2(QuantizerAdam.BETA2).optEpsilon(QuantizerAdam.EPSILON)
                        .optWeightDecays(adam.weightDecay())
                        .build(),
                schedule::isQuantizerParameter)).orElse(sgd);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(optimizer)
                .optDevices(new Device[] {Device.cpu()});

        try (Model model = Model.newInstance(id)) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(config)) {
                Shape inputShape = new Shape(recipe.batchSize(), train.channels(), train.height(), train.width());
                trainer.initialize(inputShape);
                schedule.collectQuantizerParameters(net);
                int[] indices = IntStream.range(0, train.count()).toArray();
                long trainStart = System.nanoTime();
                calibrate(trainer, splits, train, indices, recipe);
                NumericsCheck check = ctx.checkNumerics() ? NumericsCheck.of(net) : null;
                long steps = 0;
                double timedNanos = 0;
                double lastEpochLoss = Double.NaN;
                for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                    shuffle(indices, order);
                    double epochLoss = 0;
                    ctx.progress().start("epoch " + epoch + "/" + recipe.epochs(), stepsPerEpoch);
                    for (int b = 0; b < stepsPerEpoch; b++) {
                        long t0 = System.nanoTime();
                        double value;
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            NDArray x = images(batch, splits, train, indices, b * recipe.batchSize(), recipe.batchSize(),
                                    recipe.augment() ? order : null);
                            NDArray y = labels(batch, train, indices, b * recipe.batchSize(), recipe.batchSize());
                            if (check != null) {
                                check.at(epoch, steps + 1);
                            }
                            try (GradientCollector gc = trainer.newGradientCollector();
                                    QuantizedLayers.Scope probe = check == null ? null : QuantizedLayers.probe(check)) {
                                NDList out = trainer.forward(new NDList(x));
                                NDArray l = loss.evaluate(new NDList(y), out);
                                if (check != null) {
                                    check.output(out.singletonOrThrow());
                                    check.loss(l);
                                }
                                value = l.getFloat();
                                if (!Double.isFinite(value)) {
                                    throw new DivergedException(epoch, steps + 1, value);
                                }
                                gc.backward(l);
                            }
                            if (check != null) {
                                check.gradients();
                            }
                            trainer.step();
                        }
                        steps++;
                        if (steps > TIMING_WARMUP_STEPS) {
                            timedNanos += System.nanoTime() - t0;
                        }
                        epochLoss += value;
                        ctx.progress().loss(steps, value);
                        ctx.progress().step(String.format("loss %.3f", value));
                    }
                    ctx.progress().end();
                    lastEpochLoss = epochLoss / stepsPerEpoch;
                }
                double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
                long evalStart = System.nanoTime();
                double top1 = evaluate(trainer, splits, test, ctx, null);
                double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
                Parity parity = ctx.parity() ? parity(trainer, splits, test, ctx, top1) : null;
                long timedSteps = Math.max(1, steps - TIMING_WARMUP_STEPS);
                TrainingFigures figures = new TrainingFigures(
                        recipe.epochs(), steps, trainSeconds, evalSeconds,
                        steps * recipe.batchSize() / trainSeconds, timedNanos / timedSteps / 1e6, lastEpochLoss);
                return new TaskOutcome(
                        List.of(new Metric("top1", top1, "%", true)),
                        figures,
                        ModelCost.of(net),
                        describe(recipe, ctx),
                        splits.dataset(),
                        splits.checksums(),
                        parity);
            }
        }
    }

    /** The recipe as recorded in the result, with the method's own quantizer optimiser when it has one. */
    private static Map<String, Object> describe(ClassificationRecipe recipe, TaskContext ctx) {
        Map<String, Object> described = recipe.describe();
        ctx.method().quantizerOptimizer().ifPresent(adam -> described.put("quantizer_optimizer", adam.describe()));
        return described;
    }

    @Override
    public CostBreakdown cost(QuantMethod method, MethodConfig config, Budget budget) {
        ClassificationRecipe recipe = ClassificationRecipe.forBudget(budget);
        Block net = CifarResNet.build(method.layers(config), recipe.model());
        try (NDManager manager = NDManager.newBaseManager()) {
            // One inference forward of one zero image gives every layer its input shape, hence its MACs.
            Shape input = new Shape(1).addAll(imageShape);
            net.initialize(manager, DataType.FLOAT32, input);
            net.forward(new ParameterStore(manager, false), new NDList(manager.zeros(input)), false);
            String name = recipe.describe().get("model") + ", input " + imageShape.get(0) + "x" + imageShape.get(1) + "x"
                    + imageShape.get(2);
            return ModelCost.breakdown(name, net);
        }
    }

    /**
     * One training-mode forward pass on the first batch, outside any gradient recording: quantizers that
     * initialise from data (LSQ's step sizes) do it here, before the first optimiser step.
     */
    private static void calibrate(Trainer trainer, ImageSplits splits, LabelledImages train, int[] indices, ClassificationRecipe recipe) {
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = images(batch, splits, train, indices, 0, recipe.batchSize(), null);
            trainer.getModel().getBlock().forward(new ParameterStore(batch, false), new NDList(x), true);
        }
    }

    /**
     * The parity check: per layer on the first {@value #PARITY_IMAGES} test images, then top-1 on the whole test
     * set with integer kernels in every exportable layer; null for a model without integer layers (fp32).
     */
    private static Parity parity(Trainer trainer, ImageSplits splits, LabelledImages test, TaskContext ctx, double top1) {
        int n = Math.min(PARITY_IMAGES, test.count());
        int[] first = IntStream.range(0, n).toArray();
        ParityCheck.Comparing comparing = ParityCheck.comparing();
        try (NDManager batch = trainer.getManager().newSubManager();
                QuantizedLayers.Scope scope = QuantizedLayers.intercept(comparing)) {
            NDArray x = images(batch, splits, test, first, 0, n, null);
            trainer.getModel().getBlock().forward(new ParameterStore(batch, false), new NDList(x), false);
        }
        if (comparing.layers().isEmpty()) {
            return null;
        }
        double integerTop1 = evaluate(trainer, splits, test, ctx, ParityCheck.integer());
        return new Parity(n, comparing.layers(), comparing.floatLayers(), top1, integerTop1);
    }

    /** Test images of the per-layer parity comparison. */
    private static final int PARITY_IMAGES = 64;

    /** Top-1 (%) on the test set; with an interceptor installed around every forward when one is given. */
    private static double evaluate(Trainer trainer, ImageSplits splits, LabelledImages test, TaskContext ctx,
            LayerInterceptor interceptor) {
        int[] all = IntStream.range(0, test.count()).toArray();
        long correct = 0;
        int batches = (test.count() + EVAL_BATCH - 1) / EVAL_BATCH;
        ctx.progress().start("test", batches);
        Block block = trainer.getModel().getBlock();
        for (int start = 0; start < test.count(); start += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, test.count() - start);
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray x = images(batch, splits, test, all, start, n, null);
                NDArray logits;
                try (QuantizedLayers.Scope scope = QuantizedLayers.intercept(interceptor)) {
                    logits = block.forward(new ParameterStore(batch, false), new NDList(x), false).singletonOrThrow();
                }
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = 0; i < n; i++) {
                    if (predicted[i] == test.labels()[start + i]) {
                        correct++;
                    }
                }
            }
            ctx.progress().step("");
        }
        ctx.progress().end();
        return 100.0 * correct / test.count();
    }

    /** Fisher-Yates with the run's own random source, so data order depends on the seed alone. */
    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * A normalised NCHW batch; with {@code augment} non-null, each image is flipped horizontally with
     * probability 1/2 and shifted by up to 2 pixels (zero fill).
     */
    static NDArray images(NDManager manager, ImageSplits splits, LabelledImages data, int[] indices, int start, int n,
            Random augment) {
        int size = data.imageSize();
        int h = data.height();
        int w = data.width();
        float[] buf = new float[n * size];
        float[] mean = splits.mean();
        float[] std = splits.std();
        for (int i = 0; i < n; i++) {
            int src = indices[start + i] * size;
            boolean flip = augment != null && augment.nextBoolean();
            int dy = augment == null ? 0 : augment.nextInt(5) - 2;
            int dx = augment == null ? 0 : augment.nextInt(5) - 2;
            for (int c = 0; c < data.channels(); c++) {
                for (int r = 0; r < h; r++) {
                    for (int col = 0; col < w; col++) {
                        int sr = r + dy;
                        int sc = (flip ? w - 1 - col : col) + dx;
                        float v = -mean[c] / std[c]; // zero fill, normalised
                        if (sr >= 0 && sr < h && sc >= 0 && sc < w) {
                            v = ((data.pixels()[src + (c * h + sr) * w + sc] & 0xFF) / 255f - mean[c]) / std[c];
                        }
                        buf[i * size + (c * h + r) * w + col] = v;
                    }
                }
            }
        }
        return EngineArrays.of(manager, buf, new Shape(n, data.channels(), h, w));
    }

    private static NDArray labels(NDManager manager, LabelledImages data, int[] indices, int start, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = data.labels()[indices[start + i]];
        }
        return EngineArrays.of(manager, y);
    }
}
