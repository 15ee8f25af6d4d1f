package org.qbench.tasks.vit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qbench.methods.ActivationKind;
import org.qbench.tasks.Budget;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.models.VisionTransformer;
import org.qbench.tasks.train.Optimisation;
import org.qbench.tasks.train.Schedule;

/**
 * The concrete training recipe a budget resolves to for ViT classification, after PackQViT's (official code:
 * AdamW, cosine decay, weight decay 0, DeiT hard distillation with equal weights) with what training from scratch on
 * a CPU changes: a short linear warm-up (the paper starts from a trained low-bit checkpoint), no RandAugment, random
 * erasing or drop-path, and a model scaled to the image. Recorded in full in every result.
 *
 * @param model the transformer's shape
 * @param epochs training epochs
 * @param batchSize training batch size (the last incomplete batch of an epoch is dropped)
 * @param trainSamples training images used (the first ones of the split, in file order)
 * @param testSamples test images evaluated (the first ones of the split)
 * @param learningRate peak learning rate
 * @param warmupEpochs epochs of linear warm-up from 0
 * @param quantizerLrScale learning rate of quantizer parameters relative to the weights'
 * @param distillationWeight weight of the distillation head's loss; the class head's is {@code 1 - weight}
 * @param augment random horizontal flip and up-to-2-pixel translation of training images
 */
public record VitRecipe(
        VisionTransformer.Spec model, int epochs, int batchSize, int trainSamples, int testSamples, float learningRate,
        float warmupEpochs, float quantizerLrScale, float distillationWeight, boolean augment) {

    /** DeiT's hard distillation: {@code 0.5 CE(cls, y) + 0.5 CE(dist, argmax teacher)}. */
    public static final float HARD_DISTILLATION_WEIGHT = 0.5f;

    /** The recipe of each budget for images of {@code channels x side x side} and {@code classes} classes. */
    public static VitRecipe forBudget(Budget budget, int channels, int side, int classes) {
        return switch (budget) {
            // Plumbing only: one block of width 16 on 1,024 images for one epoch.
            case SMOKE -> new VitRecipe(spec(channels, side, side / 4, 16, 1, 2, 2, classes), 1, 64, 1024, 512, 1e-3f, 0f, 0.1f,
                    HARD_DISTILLATION_WEIGHT, false);
            // A 4x4 grid of patches (16 tokens + 2; 7x7 patches on 28x28, 8x8 on 32x32), 3 blocks of width 48 with 3 heads
            // (DeiT-Tiny's head count), 2 epochs of 50,000 images: survey-vit's 63 cells in about an hour on 2 cores.
            // Peak rate 3e-3: at 1e-3, 2e-3, 3e-3 and 5e-3 the FP32 ViT reached 84.0, 85.3, 85.6 and 86.1 % top-1 (2 epochs
            // on 60,000, seed 0); PackQViT-4 trained 6 points better at 3e-3 than at 1e-3 after one epoch, and one rate
            // serves every method, so the low-bit cells get the tested 3e-3.
            case QUICK -> new VitRecipe(spec(channels, side, side / 4, 48, 3, 3, 2, classes), 2, 128, 50_000, 10_000, 3e-3f,
                    0.2f, 0.1f, HARD_DISTILLATION_WEIGHT, false);
            // DeiT-Tiny's proportions (width 192, 12 blocks, 3 heads, MLP ratio 4) on 4x4 patches.
            case PAPER -> new VitRecipe(spec(channels, side, 4, 192, 12, 3, 4, classes), 100, 128, 60_000, 10_000, 5e-4f,
                    5f, 0.1f, HARD_DISTILLATION_WEIGHT, true);
        };
    }

    private static VisionTransformer.Spec spec(int channels, int side, int patch, int dim, int depth, int heads,
            int mlpRatio, int classes) {
        return new VisionTransformer.Spec(channels, side, patch, dim, depth, heads, mlpRatio, classes, 8, ActivationKind.GELU);
    }

    /** The recipe of a run: its budget's, with the context's epoch override applied. */
    public static VitRecipe of(TaskContext ctx, int channels, int side, int classes) {
        VitRecipe r = forBudget(ctx.budget(), channels, side, classes);
        return ctx.epochs().isPresent() ? r.withEpochs(ctx.epochs().getAsInt()) : r;
    }

    /** This recipe trained for {@code n} epochs (warm-up unchanged). */
    public VitRecipe withEpochs(int n) {
        return new VitRecipe(model, n, batchSize, trainSamples, testSamples, learningRate, warmupEpochs, quantizerLrScale,
                distillationWeight, augment);
    }

    /** AdamW, weight decay 0, cosine to 0 after the warm-up, no gradient clipping. */
    public Optimisation optimisation() {
        return new Optimisation(Optimisation.Optimiser.ADAMW, learningRate, 0f, 0f, new Schedule.Cosine(), warmupEpochs,
                quantizerLrScale, 0f);
    }

    /** The recipe as ordered key/value pairs for the result file; {@code teacher} describes the distillation. */
    public Map<String, Object> describe(String teacher) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "deit-style vit (patch " + model.patch() + ", width " + model.dim() + ", depth " + model.depth()
                + ", heads " + model.heads() + ", mlp ratio " + model.mlpRatio() + ", q/k layernorm, cls + dist tokens)");
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("train_samples", trainSamples);
        m.put("test_samples", testSamples);
        m.putAll(optimisation().describe());
        m.put("augmentation", augment ? "random flip + translate <=2px" : "none");
        m.put("init", "from scratch (xavier linear, N(0, 0.02) tokens), quantizer parameters from the first batch");
        m.put("distillation", teacher);
        return m;
    }
}
