package org.qbench.tasks.sr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qbench.tasks.Budget;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.models.Edsr;
import org.qbench.tasks.train.Optimisation;
import org.qbench.tasks.train.Schedule;

/**
 * The concrete training recipe a budget resolves to for super-resolution, after EDSR-baseline in BasicSR (random
 * low-resolution patches with flips and 90-degree rotations, L1 loss, Adam with beta (0.9, 0.999), training counted
 * in iterations) with what a CPU changes at the smaller budgets. Recorded in full in every result.
 *
 * <p>Training is counted in iterations; the shared loop's "epoch" is a fixed block of {@code stepsPerEpoch}
 * iterations (progress and the schedule's milestones are per block), not a pass over the data.
 *
 * @param model the network's shape
 * @param lrPatch side of the low-resolution training patch (the high-resolution patch is {@code scale} times it)
 * @param batchSize patches per step
 * @param stepsPerEpoch iterations per block
 * @param epochs blocks of iterations
 * @param learningRate peak learning rate
 * @param schedule the learning-rate schedule over the blocks
 * @param quantizerLrScale learning rate of quantizer parameters relative to the weights'
 * @param testImages images evaluated per test set (the first ones, in file order; 0: all)
 */
public record SrRecipe(
        Edsr.Spec model, int lrPatch, int batchSize, int stepsPerEpoch, int epochs, float learningRate,
        Schedule schedule, float quantizerLrScale, int testImages) {

    /** Validates the sizes. */
    public SrRecipe {
        if (lrPatch < 4 || batchSize < 1 || stepsPerEpoch < 1 || epochs < 1 || testImages < 0) {
            throw new IllegalArgumentException("an SR recipe needs a patch of at least 4 pixels and positive batch,"
                    + " iterations and blocks, got patch " + lrPatch + ", batch " + batchSize + ", " + stepsPerEpoch
                    + " x " + epochs + " iterations");
        }
    }

    /** The recipe of each budget at this scale. */
    public static SrRecipe forBudget(Budget budget, int scale) {
        return switch (budget) {
            // Plumbing only: one block of width 8, 20 steps, two test images per set.
            case SMOKE -> new SrRecipe(new Edsr.Spec(8, 1, scale), 12, 4, 10, 2, 1e-3f, new Schedule.Cosine(), 1f, 2);
            // survey-sr in an hour on 2 cores: 4 blocks x 32 channels on 24-pixel LR patches, 16 per step, 500
            // iterations at 1e-3 with a cosine decay (EDSR's 1e-4 needs hundreds of thousands of steps). FP32 x4,
            // seed 0: 25.14 dB on set5-like after 300 steps at 2e-4 (bicubic 26.61), 27.05 after 600 at 1e-3.
            case QUICK -> new SrRecipe(new Edsr.Spec(32, 4, scale), 24, 16, 100, 5, 1e-3f, new Schedule.Cosine(), 1f, 0);
            // EDSR-baseline as BasicSR trains it: 16 x 64, 48-pixel LR patches, batch 16, Adam 1e-4, 300k iterations,
            // the rate halved after 200k.
            case PAPER -> new SrRecipe(new Edsr.Spec(64, 16, scale), 48, 16, 1000, 300, 1e-4f,
                    new Schedule.Step(List.of(200), 0.5f), 1f, 0);
        };
    }

    /** The recipe of a run: its budget's, with the context's block-count override applied. */
    public static SrRecipe of(TaskContext ctx, int scale) {
        SrRecipe r = forBudget(ctx.budget(), scale);
        return ctx.epochs().isPresent() ? r.withEpochs(ctx.epochs().getAsInt()) : r;
    }

    /** This recipe trained for {@code n} blocks of iterations. */
    public SrRecipe withEpochs(int n) {
        return new SrRecipe(model, lrPatch, batchSize, stepsPerEpoch, n, learningRate, schedule, quantizerLrScale,
                testImages);
    }

    /** Total training iterations. */
    public int iterations() {
        return stepsPerEpoch * epochs;
    }

    /** Adam, no weight decay, no warm-up, no clipping. */
    public Optimisation optimisation() {
        return new Optimisation(Optimisation.Optimiser.ADAM, learningRate, 0f, 0f, schedule, 0f, quantizerLrScale, 0f);
    }

    /** The recipe as ordered key/value pairs for the result file. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.describe());
        m.put("iterations", iterations());
        m.put("iterations_per_block", stepsPerEpoch);
        m.put("batch_size", batchSize);
        m.put("lr_patch", lrPatch);
        m.put("hr_patch", lrPatch * model.scale());
        m.putAll(optimisation().describe());
        m.put("loss", "l1 (mean absolute error on [0, 1] rgb)");
        m.put("augmentation", "random patch, horizontal and vertical flip, transpose (BasicSR's augment)");
        m.put("test_images_per_set", testImages == 0 ? "all" : testImages);
        return m;
    }
}
