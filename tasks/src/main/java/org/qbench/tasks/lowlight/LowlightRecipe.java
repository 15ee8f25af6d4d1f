package org.qbench.tasks.lowlight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qbench.methods.binary.SpatialShiftVariant;
import org.qbench.methods.brve.BrveShift;
import org.qbench.tasks.Budget;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.models.BrveNet;
import org.qbench.tasks.models.VideoUNet;
import org.qbench.tasks.train.Optimisation;
import org.qbench.tasks.train.Schedule;

/**
 * The training and inference recipe a budget resolves to for low-light raw video enhancement, after BRVE (random
 * crops of packed clips with flips along time, height and width and a transpose, Charbonnier loss, Adam with a
 * cosine schedule, training counted in iterations), with what a CPU changes at the smaller budgets. Recorded in full
 * in every result.
 *
 * <p>Test clips are enhanced by a sliding window of {@link BrveNet.Spec#window()} frames advanced by
 * {@code window - overlap}, overlapping outputs averaged, and, for frames larger than {@code tile}, by square tiles
 * overlapping by {@code tileOverlap}, averaged likewise (BRVE's tiled LLRVD inference).
 *
 * @param brve the binarizable network's shape (window included)
 * @param unetWidth first-level width of the full-precision reference U-Nets
 * @param unetDepth levels of the reference U-Nets
 * @param crop side of the packed training crop
 * @param batchSize clips per step
 * @param stepsPerEpoch iterations per block
 * @param epochs blocks of iterations
 * @param learningRate peak learning rate
 * @param overlap frames shared by consecutive inference windows
 * @param tile side of the largest packed tile inferred at once
 * @param tileOverlap pixels shared by neighbouring tiles
 * @param testClips clips evaluated per test set (the first ones; 0: all)
 */
public record LowlightRecipe(
        BrveNet.Spec brve, int unetWidth, int unetDepth, int crop, int batchSize, int stepsPerEpoch, int epochs,
        float learningRate, int overlap, int tile, int tileOverlap, int testClips) {

    /** Validates the sizes. */
    public LowlightRecipe {
        if (crop < 8 || crop % (1 << (brve.depth() + 1)) != 0) {
            throw new IllegalArgumentException("a low-light crop must be at least 8 and divide by 2^(depth + 1) = "
                    + (1 << (brve.depth() + 1)) + ", got " + crop);
        }
        if (batchSize < 1 || stepsPerEpoch < 1 || epochs < 1 || testClips < 0) {
            throw new IllegalArgumentException("a low-light recipe needs positive batch, iterations and blocks, got batch "
                    + batchSize + ", " + stepsPerEpoch + " x " + epochs + " iterations");
        }
        if (overlap < 0 || overlap >= brve.window() || tileOverlap < 0 || tileOverlap >= tile) {
            throw new IllegalArgumentException("window overlap must be in [0, window) and tile overlap in [0, tile), got "
                    + overlap + " of " + brve.window() + " frames and " + tileOverlap + " of " + tile + " pixels");
        }
    }

    /** The recipe of each budget. */
    public static LowlightRecipe forBudget(Budget budget) {
        return switch (budget) {
            // Plumbing only: C 8, 2 levels, 3-frame window, 10 steps, two test clips per set, tiles exercised.
            case SMOKE -> new LowlightRecipe(new BrveNet.Spec(8, 3, 1, 2, List.of(1, 1), List.of(2, 2), 1,
                    BrveShift.SPATIAL_TEMPORAL, SpatialShiftVariant.PAPER), 8, 2, 16, 1, 5, 2, 1e-3f, 1, 64, 16,
                    2);
            // survey-lowlight in an hour on 2 cores: a narrow, shallow BRVE (C 16, 2 levels, one block per level,
            // two shift units per decoder level, half a ShiftBlock2) on 64x64 packed crops of 3-frame windows (BRVE's
            // stage-1 window) from the 7-frame clips, 200 steps at 1e-3 (about 0.4 s each on one core); the
            // reference U-Net at widths 32..256, larger than BRVE's full-precision twin, as a baseline must be.
            case QUICK -> new LowlightRecipe(new BrveNet.Spec(16, 3, 1, 2, List.of(1, 1), List.of(2, 2), 1,
                    BrveShift.SPATIAL_TEMPORAL, SpatialShiftVariant.PAPER), 32, 4, 64, 1, 100, 2, 1e-3f, 1, 128,
                    16, 0);
            // BRVE as released: C 24, U-Nets 24/48/96 with 1/3/3 blocks, shift decoder 3/2/2 ShiftBlock2 (12/8/8
            // units), 128x128 packed crops, batch 1, Adam 2e-4, 100k iterations, cosine; the reference U-Net at SID's
            // widths 32..512 (8.6 M parameters).
            case PAPER -> new LowlightRecipe(BrveNet.paper(3), 32, 5, 128, 1, 1000, 100, 2e-4f, 1, 256, 32, 0);
        };
    }

    /** The recipe of a run: its budget's, with the context's block-count override applied. */
    public static LowlightRecipe of(TaskContext ctx) {
        LowlightRecipe r = forBudget(ctx.budget());
        return ctx.epochs().isPresent() ? r.withEpochs(ctx.epochs().getAsInt()) : r;
    }

    /** This recipe trained for {@code n} blocks of iterations. */
    public LowlightRecipe withEpochs(int n) {
        return new LowlightRecipe(brve, unetWidth, unetDepth, crop, batchSize, stepsPerEpoch, n, learningRate, overlap,
                tile, tileOverlap, testClips);
    }

    /** This recipe with another network shape (an ablation's). */
    public LowlightRecipe withBrve(BrveNet.Spec spec) {
        return new LowlightRecipe(spec, unetWidth, unetDepth, crop, batchSize, stepsPerEpoch, epochs, learningRate,
                overlap, tile, tileOverlap, testClips);
    }

    /** Frames per forward. */
    public int window() {
        return brve.window();
    }

    /** The reference U-Net of {@code kind}. */
    public VideoUNet.Spec unet(VideoUNet.Kind kind) {
        return new VideoUNet.Spec(kind, unetWidth, unetDepth, brve.window());
    }

    /** Total training iterations. */
    public int iterations() {
        return stepsPerEpoch * epochs;
    }

    /** Adam, no weight decay, cosine decay to 0. */
    public Optimisation optimisation() {
        return new Optimisation(Optimisation.Optimiser.ADAM, learningRate, 0f, 0f, new Schedule.Cosine(), 0f, 1f, 0f);
    }

    /** The recipe as ordered key/value pairs for the result file ({@code model} is the trained network's). */
    public Map<String, Object> describe(String model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("iterations", iterations());
        m.put("iterations_per_block", stepsPerEpoch);
        m.put("batch_size", batchSize);
        m.put("crop", crop + "x" + crop + " packed (" + 2 * crop + "x" + 2 * crop + " bayer), " + window() + " frames");
        m.putAll(optimisation().describe());
        m.put("loss", "charbonnier (eps " + CharbonnierLoss.EPS + ") on packed raw in [0, 1]");
        m.put("augmentation", "random clip, window and crop; flips along time, height and width and a transpose, each"
                + " with probability one half");
        m.put("inference", "sliding window of " + window() + " frames, overlap " + overlap + ", outputs averaged; tiles"
                + " of " + tile + " packed pixels, overlap " + tileOverlap + ", averaged");
        m.put("test_clips_per_set", testClips == 0 ? "all" : testClips);
        return m;
    }
}
