package org.qbench.tasks.cls;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.Task;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.data.Cifar10;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.data.FashionMnist;
import org.qbench.tasks.data.ImageSplits;
import org.qbench.tasks.data.LabelledImages;
import org.qbench.tasks.models.CifarResNet;
import org.qbench.tasks.train.ModelArtifacts;
import org.qbench.tasks.train.ModelCost;
import org.qbench.tasks.train.SeedStreams;
import org.qbench.tasks.train.TrainingLoop;

/**
 * CNN classification trained from scratch ({@code cls-fmnist}, {@code cls-cifar10}): a CIFAR-style ResNet built
 * from the method's layers, trained by the shared {@link TrainingLoop} with SGD, momentum and a warm-up + cosine
 * schedule, top-1 on the test set. The survey's own experiment (QAT from scratch, no distillation) runs here.
 */
public final class ClassificationTask implements Task {

    /** The full-precision method's id, whose trained model {@link #trainedFullPrecision} reads. */
    public static final String FP32 = "fp32";

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

    /**
     * The task's data set, read once per data folder (a grid trains many models on it); a ViT task on the same
     * images reads it through here.
     *
     * @throws DataException when the data is missing or corrupt
     */
    public synchronized ImageSplits data(Optional<Path> dataDir) {
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
        LabelledImages train = splits.trainingHead(recipe.trainSamples(), recipe.batchSize(), ctx.budget().id());
        LabelledImages test = splits.test().head(recipe.testSamples());
        // Results predate named seed streams: one Random for order and augmentation, as they were made.
        SeedStreams seeds = SeedStreams.legacy(ctx.seed());
        Block net = CifarResNet.build(ctx.method().layers(ctx.config()), recipe.model());
        Loss loss = Loss.softmaxCrossEntropyLoss();
        TrainingLoop.Outcome trained = TrainingLoop.run(new TrainingLoop.Plan(id, net,
                new ClassificationBatches(splits, train, recipe.batchSize(), recipe.augment(), seeds), TrainingLoop.Step.supervised(loss), loss,
                recipe.optimisation(), recipe.epochs(), seeds, new Top1Evaluation(splits, test)), ctx);
        Map<String, Object> described = describe(recipe, ctx);
        described.put("seed_streams", seeds.describe());
        return new TaskOutcome(trained.metrics(), trained.figures(), trained.cost(), described, splits.dataset(),
                splits.checksums());
    }

    /** The recipe as recorded in the result, with the method's own quantizer optimiser when it has one. */
    private static Map<String, Object> describe(ClassificationRecipe recipe, TaskContext ctx) {
        Map<String, Object> described = recipe.describe();
        ctx.method().quantizerOptimizer().ifPresent(adam -> described.put("quantizer_optimizer", adam.describe()));
        return described;
    }

    /**
     * The full-precision model this task trains at {@code budget}, in inference mode, with every parameter read
     * from a saved run artifact (a distilling task's CNN teacher); its parameters live in {@code manager}.
     *
     * @throws DataException when the file is not a saved full-precision model of this task and budget
     */
    public Block trainedFullPrecision(Budget budget, Path file, NDManager manager) {
        QuantMethod fp32 = Methods.builtIn().get(FP32);
        Block net = CifarResNet.build(fp32.layers(new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.FP32)), ClassificationRecipe.forBudget(budget).model());
        net.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(imageShape));
        ModelArtifacts.loadAll(net, file);
        net.freezeParameters(true); // a teacher: no gradients
        return net;
    }

    @Override
    public CostBreakdown cost(QuantMethod method, MethodConfig config, Budget budget) {
        ClassificationRecipe recipe = ClassificationRecipe.forBudget(budget);
        Block net = CifarResNet.build(method.layers(config), recipe.model());
        return ModelCost.ofShapes(recipe.describe().get("model"), net, imageShape);
    }

    /**
     * A normalised NCHW batch of {@code n} images, {@code indices[start..start+n)} of {@code data}; with {@code augment} non-null, each image is flipped horizontally with
     * probability 1/2 and shifted by up to 2 pixels (zero fill).
     */
    public static NDArray images(NDManager manager, ImageSplits splits, LabelledImages data, int[] indices, int start, int n,
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

    static NDArray labels(NDManager manager, LabelledImages data, int[] indices, int start, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = data.labels()[indices[start + i]];
        }
        return EngineArrays.of(manager, y);
    }
}
