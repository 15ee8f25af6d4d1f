package org.qbench.tasks.cls;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qbench.tasks.Budget;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.models.CifarResNet;
import org.qbench.tasks.train.Optimisation;

/**
 * The concrete training recipe a budget resolves to for CNN classification: SGD with Nesterov-free momentum
 * 0.9, a linear warm-up then cosine decay to zero (LSQ's schedule, without its pretrained start), softmax
 * cross-entropy, batch norm in every block. Recorded in full in every result.
 *
 * @param model architecture (ResNet-(6n+2), base width)
 * @param epochs training epochs
 * @param batchSize training batch size (the last incomplete batch of an epoch is dropped)
 * @param trainSamples training images used (the first ones of the split, in file order)
 * @param testSamples test images evaluated (the first ones of the split)
 * @param learningRate peak learning rate
 * @param warmupEpochs epochs of linear warm-up from 0
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay, on every parameter
 * @param quantizerLrScale learning rate of quantizer parameters relative to the weights' (N2UQ's convention of
 *     LR/10). LSQ's gradient scale is calibrated for its fine-tuning rate of 0.01; at the from-scratch rate
 *     of 0.2 an 8-bit step size moved by about its own size per step and crossed zero (seen here)
 * @param augment random horizontal flip and up-to-2-pixel translation of training images
 */
public record ClassificationRecipe(
        CifarResNet.Shape model, int epochs, int batchSize, int trainSamples, int testSamples,
        float learningRate, float warmupEpochs, float momentum, float weightDecay, float quantizerLrScale,
        boolean augment) {

    /** The recipe of each budget. */
    public static ClassificationRecipe forBudget(Budget budget) {
        return switch (budget) {
            // Plumbing only: a ResNet-8 of width 4 on 1,024 images for two epochs.
            case SMOKE -> new ClassificationRecipe(
                    new CifarResNet.Shape(1, 4, 10), 2, 64, 1024, 512, 0.1f, 0f, 0.9f, 1e-4f, 0.1f, false);
            // Fits the 5-run FP32+LSQ grid in about 10 minutes on 2 cores with the full 10k test set.
            case QUICK -> new ClassificationRecipe(
                    new CifarResNet.Shape(1, 8, 10), 3, 128, 60_000, 10_000, 0.2f, 0.2f, 0.9f, 5e-4f, 0.1f, false);
            // ResNet-20 as in the papers' CIFAR tables, long cosine schedule, standard augmentation.
            case PAPER -> new ClassificationRecipe(
                    new CifarResNet.Shape(3, 16, 10), 60, 128, 60_000, 10_000, 0.1f, 1f, 0.9f, 5e-4f, 0.1f, true);
        };
    }

    /** The recipe of a run: its budget's, with the context's epoch override applied. */
    public static ClassificationRecipe of(TaskContext ctx) {
        ClassificationRecipe r = forBudget(ctx.budget());
        return ctx.epochs().isPresent() ? r.withEpochs(ctx.epochs().getAsInt()) : r;
    }

    /** This recipe trained for {@code n} epochs (warm-up unchanged). */
    public ClassificationRecipe withEpochs(int n) {
        return new ClassificationRecipe(model, n, batchSize, trainSamples, testSamples, learningRate, warmupEpochs,
                momentum, weightDecay, quantizerLrScale, augment);
    }

    /** The optimiser, schedule and rates of this recipe, for the training loop. */
    public Optimisation optimisation() {
        return Optimisation.sgd(learningRate, momentum, weightDecay, warmupEpochs, quantizerLrScale);
    }

    /** The recipe as ordered key/value pairs for the result file (units in the keys). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "resnet-" + model.depth() + " (cifar-style, width " + model.width() + ")");
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("train_samples", trainSamples);
        m.put("test_samples", testSamples);
        m.putAll(optimisation().describe()); // optimizer, momentum, learning rate, schedule, decays
        m.put("augmentation", augment ? "random flip + translate <=2px" : "none");
        m.put("init", "from scratch (He normal), quantizer step sizes from the first batch");
        m.put("distillation", "none");
        return m;
    }
}
