package org.qbench.tasks.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.RunArtifacts;
import org.qbench.tasks.Task;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskInput;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.cls.ClassificationBatches;
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.cls.Top1Evaluation;
import org.qbench.tasks.data.ImageSplits;
import org.qbench.tasks.data.LabelledImages;
import org.qbench.tasks.models.VisionTransformer;
import org.qbench.tasks.train.ModelCost;
import org.qbench.tasks.train.SeedStreams;
import org.qbench.tasks.train.TrainingLoop;

/**
 * Vision-transformer classification trained from scratch ({@code vit-fmnist}, {@code vit-cifar10}): a DeiT-style
 * {@link VisionTransformer} built from the method's layers, on the images of a CNN classification task, trained by
 * the shared {@link TrainingLoop} with {@link VitRecipe} (AdamW, cosine, weight decay 0), top-1 on the test set
 * from the average of the two heads.
 *
 * <p>Distillation, as DeiT and PackQViT: with a {@link RunArtifacts#TEACHER} input, the loss is {@code (1 - w)
 * CE(cls head, label) + w CE(dist head, argmax teacher)} with {@code w = 0.5}, the teacher being the full-precision
 * CNN of the sibling classification task trained in the same grid (same seed and budget), run in inference mode.
 * Without one ({@code --no-distill}), both heads learn the label, and the recipe says so.
 */
public final class VitTask implements Task {

    private final String id;
    private final String description;
    private final ClassificationTask images;
    private final Shape imageShape;

    /**
     * A ViT task on the images (and, for distillation, the full-precision CNN) of a classification task.
     *
     * @param id the task id
     * @param description one line for {@code qbench list}
     * @param images the CNN classification task whose data set and trained FP32 model this task uses
     * @param imageShape one image's channels, height and width (square)
     */
    public VitTask(String id, String description, ClassificationTask images, Shape imageShape) {
        if (imageShape.get(1) != imageShape.get(2)) {
            throw new IllegalArgumentException("the ViT takes square images, not " + imageShape);
        }
        this.id = id;
        this.description = description;
        this.images = images;
        this.imageShape = imageShape;
    }

    /** {@code vit-fmnist}: Fashion-MNIST, with {@code cls-fmnist}'s FP32 ResNet as the teacher. */
    public static VitTask fashionMnist(ClassificationTask clsFmnist) {
        return new VitTask("vit-fmnist",
                "Fashion-MNIST classification, DeiT-style ViT from scratch, hard distillation from cls-fmnist's FP32 ResNet",
                clsFmnist, org.qbench.tasks.data.FashionMnist.IMAGE_SHAPE);
    }

    /** {@code vit-cifar10}: CIFAR-10 from the user's data folder, with {@code cls-cifar10}'s FP32 ResNet as the teacher. */
    public static VitTask cifar10(ClassificationTask clsCifar10) {
        return new VitTask("vit-cifar10",
                "CIFAR-10 classification (your copy, --data-dir), DeiT-style ViT from scratch, hard distillation from "
                        + "cls-cifar10's FP32 ResNet",
                clsCifar10, org.qbench.tasks.data.Cifar10.IMAGE_SHAPE);
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
        return TaskKind.VIT_CLASSIFICATION;
    }

    /** The teacher: the sibling CNN task's FP32 model of the same seed and budget. */
    @Override
    public Map<String, TaskInput> inputs() {
        return Map.of(RunArtifacts.TEACHER, new TaskInput(images.id(), ClassificationTask.FP32, MethodConfig.FULL_PRECISION_BITS));
    }

    @Override
    public void prepareData(Optional<Path> dataDir) {
        images.data(dataDir);
    }

    private VitRecipe recipe(Budget budget) {
        return VitRecipe.forBudget(budget, (int) imageShape.get(0), (int) imageShape.get(1), classes());
    }

    private static int classes() {
        return 10; // both data sets have ten classes
    }

    @Override
    public TaskOutcome run(TaskContext ctx) {
        VitRecipe recipe = VitRecipe.of(ctx, (int) imageShape.get(0), (int) imageShape.get(1), classes());
        ImageSplits splits = images.data(ctx.dataDir());
        LabelledImages train = splits.trainingHead(recipe.trainSamples(), recipe.batchSize(), ctx.budget().id());
        LabelledImages test = splits.test().head(recipe.testSamples());
        SeedStreams seeds = SeedStreams.derived(ctx.seed());
        Block net = VisionTransformer.build(ctx.method().layers(ctx.config()), recipe.model());
        Loss loss = Loss.softmaxCrossEntropyLoss();
        Optional<Path> teacherFile = ctx.artifacts().input(RunArtifacts.TEACHER);
        try (NDManager teacherMemory = NDManager.newBaseManager()) {
            Optional<Block> teacher = teacherFile.map(f -> images.trainedFullPrecision(ctx.budget(), f, teacherMemory));
            TrainingLoop.Outcome trained = TrainingLoop.run(new TrainingLoop.Plan(id, net,
                    new ClassificationBatches(splits, train, recipe.batchSize(), recipe.augment(), seeds),
                    new Distillation(loss, teacher, recipe.distillationWeight()), loss, recipe.optimisation(),
                    recipe.epochs(), seeds, new Top1Evaluation(splits, test)), ctx);
            Map<String, Object> described = recipe.describe(teacher.isPresent()
                    ? "hard (DeiT): " + (1 - recipe.distillationWeight()) + " CE(cls, label) + " + recipe.distillationWeight()
                            + " CE(dist, argmax teacher); teacher " + images.id() + " fp32, same seed and budget"
                    : "none: both heads learn the label (no teacher input)");
            ctx.method().quantizerOptimizer().ifPresent(adam -> described.put("quantizer_optimizer", adam.describe()));
            described.put("seed_streams", seeds.describe());
            return new TaskOutcome(trained.metrics(), trained.figures(), trained.cost(), described, splits.dataset(),
                    splits.checksums());
        }
    }

    /**
     * The DeiT loss on the two heads' logits {@code (cls, dist)}: the distillation head learns the teacher's argmax
     * when there is a teacher, the label otherwise.
     */
    record Distillation(Loss loss, Optional<Block> teacher, float weight) implements TrainingLoop.Step {
        @Override
        public NDArray loss(java.util.function.UnaryOperator<NDList> forward, TrainingLoop.Batch batch) {
            NDList heads = forward.apply(batch.inputs());
            NDList labels = batch.targets();
            NDList distTargets = labels;
            if (teacher.isPresent()) {
                NDArray x = batch.inputs().singletonOrThrow();
                NDArray logits = teacher.get().forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                        .singletonOrThrow().stopGradient();
                distTargets = new NDList(logits.argMax(1).toType(DataType.FLOAT32, false));
            }
            NDArray cls = loss.evaluate(labels, new NDList(heads.get(0)));
            NDArray dist = loss.evaluate(distTargets, new NDList(heads.get(1)));
            NDManager m = cls.getManager();
            return cls.mul(EngineArrays.scalar(m, 1 - weight)).add(dist.mul(EngineArrays.scalar(m, weight)));
        }
    }

    @Override
    public CostBreakdown cost(QuantMethod method, MethodConfig config, Budget budget) {
        VitRecipe recipe = recipe(budget);
        Block net = VisionTransformer.build(method.layers(config), recipe.model());
        return ModelCost.ofShapes(recipe.describe("").get("model"), net, imageShape);
    }
}
