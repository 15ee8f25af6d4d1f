package org.qbench.methods.quantsr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qbench.methods.SubNetworks;

/**
 * QuantSR's depth-dynamic training schedule (DQA) over the {@link DqaResidual} blocks of one model. The released code
 * has the per-step mechanics (three weight-shared forwards, versions 0/1/2, loss weights 1/3 each, one backward) but
 * no training script: it never sets the skip flags during training, and its test script hard-codes the skipped
 * blocks of the released model. What this class defines where the code is silent (the method's
 * {@code departures()} list it too):
 *
 * <ul>
 *   <li><b>Stage switch</b> at step {@code min(max(0, floor(dqa_switch * steps)), max(0, steps - 1))} (so a run too
 *       short to reach it still switches, with at least its last step on the sub-networks). Before it, stage 1: one
 *       forward per step at full depth, loss weights {@code {1}}. From it on, stage 2: three forwards per step,
 *       versions 0, 1, 2, loss weights {@code {1/3, 1/3, 1/3}}.
 *   <li><b>Ranking</b> at the switch (inside {@link #forwards}, at the first step at or past it): blocks sorted by
 *       their current shortcut scale {@code alpha_i}, ascending, ties by index.
 *   <li><b>Skip rule</b>: version 1 keeps the {@code floor(B/2) + 1} blocks with the smallest {@code alpha_i},
 *       version 2 the {@code floor(B/4) + 1} smallest; the rest are skipped, largest {@code alpha_i} first (the
 *       figure's "alpha > gamma" threshold). This reproduces the released test script's counts (32 blocks: 32, 17,
 *       9). Version 0 keeps every block.
 *   <li><b>Evaluation</b> ({@link #selectForEvaluation}) runs version {@code eval_version} (default 0, full depth;
 *       the released test script evaluates version 1). Before the switch, evaluating version 1 or 2 ranks the blocks
 *       provisionally (by the current {@code alpha_i}); the switch ranks them again.
 * </ul>
 *
 * <p>The ranking is state of this object, not of the model's parameters: a model loaded from a checkpoint gets a
 * fresh schedule; {@link #describe} records the ranking and the kept blocks in the run's recipe.
 */
public final class DepthSchedule implements SubNetworks {

    /** The number of sub-networks (versions 0, 1, 2). */
    public static final int VERSIONS = 3;

    private final double switchFraction;
    private final int evalVersion;
    private final List<DqaResidual> blocks = new ArrayList<>();
    private boolean switched;
    private int switchStep = -1;
    private int steps = -1;
    private List<Integer> ranking = List.of();
    private List<Float> alphasAtSwitch = List.of();
    private final List<List<Integer>> kept = new ArrayList<>();

    /**
     * A schedule with no blocks yet.
     *
     * @param switchFraction the fraction of training steps after which stage 2 starts, in [0, 1]
     * @param evalVersion the version evaluated and deployed, 0..2
     */
    public DepthSchedule(double switchFraction, int evalVersion) {
        if (!(switchFraction >= 0 && switchFraction <= 1)) {
            throw new IllegalArgumentException("QuantSR option dqa_switch must be in [0, 1], got " + switchFraction);
        }
        if (evalVersion < 0 || evalVersion >= VERSIONS) {
            throw new IllegalArgumentException("QuantSR option eval_version must be 0, 1 or 2, got " + evalVersion);
        }
        this.switchFraction = switchFraction;
        this.evalVersion = evalVersion;
    }

    /**
     * Adds a block (the factory does, as it builds each).
     *
     * @throws IllegalArgumentException when a block with the same index is already registered
     * @throws IllegalStateException after the switch
     */
    public void register(DqaResidual block) {
        if (switched) {
            throw new IllegalStateException("blocks cannot be added after the stage switch");
        }
        for (DqaResidual b : blocks) {
            if (b.index() == block.index()) {
                throw new IllegalArgumentException("residual block " + block.index() + " is already registered");
            }
        }
        blocks.add(block);
        blocks.sort(Comparator.comparingInt(DqaResidual::index));
    }

    /** The registered blocks, by index. */
    public List<DqaResidual> blocks() {
        return List.copyOf(blocks);
    }

    /** Whether stage 2 has started (the blocks are ranked). */
    public boolean switched() {
        return switched;
    }

    /** The step the stage switch happens at for a run of {@code steps} steps. */
    public int switchStep(int steps) {
        int at = Math.max(0, (int) Math.floor(switchFraction * steps));
        return Math.min(at, Math.max(0, steps - 1));
    }

    /** How many blocks version {@code v} keeps out of {@code b}: b, floor(b/2) + 1, floor(b/4) + 1. */
    public static int keptCount(int version, int b) {
        return switch (version) {
            case 0 -> b;
            case 1 -> Math.min(b, b / 2 + 1);
            case 2 -> Math.min(b, b / 4 + 1);
            default -> throw new IllegalArgumentException("DQA has versions 0, 1 and 2, not " + version);
        };
    }

    @Override
    public double[] forwards(int step, int steps) {
        if (step < 0 || steps < 1) {
            throw new IllegalArgumentException("step " + step + " of " + steps + " is not a training step");
        }
        this.steps = steps;
        if (!switched && step >= switchStep(steps)) {
            rank();
            switchStep = switchStep(steps);
            switched = true;
        }
        if (!switched) {
            return new double[] {1.0};
        }
        double[] weights = new double[VERSIONS];
        java.util.Arrays.fill(weights, 1.0 / VERSIONS);
        return weights;
    }

    /** Ranks the blocks by their current {@code alpha_i} and fixes the blocks each version keeps. */
    private void rank() {
        List<DqaResidual> order = new ArrayList<>(blocks);
        order.sort(Comparator.comparingDouble(DqaResidual::alpha).thenComparingInt(DqaResidual::index));
        ranking = order.stream().map(DqaResidual::index).toList();
        alphasAtSwitch = order.stream().map(DqaResidual::alpha).toList();
        kept.clear();
        for (int v = 0; v < VERSIONS; v++) {
            kept.add(ranking.subList(0, keptCount(v, blocks.size())).stream().sorted().toList());
        }
    }

    @Override
    public void select(int forward) {
        int limit = switched ? VERSIONS : 1;
        if (forward < 0 || forward >= limit) {
            throw new IllegalArgumentException("forward " + forward + " of a step with " + limit + " forwards");
        }
        apply(forward);
    }

    @Override
    public void selectForEvaluation() {
        if (!switched && evalVersion != 0) {
            rank(); // provisional: the stage switch ranks again with the alphas it then finds
        }
        apply(evalVersion);
    }

    /** Sets every block's skip flag for version {@code version}. */
    private void apply(int version) {
        List<Integer> keep = version == 0 || kept.isEmpty() ? null : kept.get(version);
        for (DqaResidual b : blocks) {
            b.setSkipped(keep != null && !keep.contains(b.index()));
        }
    }

    /** The blocks version {@code version} keeps, by index (every block before any ranking). */
    public List<Integer> keptBlocks(int version) {
        if (kept.isEmpty()) {
            return blocks.stream().map(DqaResidual::index).toList();
        }
        return kept.get(version);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("blocks", blocks.size());
        d.put("dqa_switch", switchFraction);
        d.put("switched", switched);
        d.put("switch_step", switchStep); // -1: not switched (a ranking then is evaluation's provisional one)
        if (steps > 0) {
            d.put("steps", steps);
        }
        d.put("alpha_ranking", ranking);
        d.put("alpha_at_switch", alphasAtSwitch);
        for (int v = 0; v < VERSIONS; v++) {
            d.put("kept_v" + v, keptBlocks(v));
        }
        d.put("eval_version", evalVersion);
        return d;
    }
}
