package org.qbench.tasks.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * Training batches drawn independently at every step (random patches of images, random windows of clips), as
 * image-to-image tasks train: training is counted in iterations, so an "epoch" is a block of steps with no order to
 * shuffle. Each batch draws where from the run's {@link SeedStreams#ORDER} stream and how to augment from its
 * {@link SeedStreams#AUGMENTATION} stream; the calibration batch is drawn from a fixed stream of its own, without
 * augmentation, so it is the same whatever training has drawn.
 */
public abstract class DrawnBatches implements TrainingLoop.Batches {

    private final int batchSize;
    private final int stepsPerEpoch;
    private final Random order;
    private final Random augmentation;
    private final long calibrationSeed;

    /**
     * Batches of {@code batchSize} samples, {@code stepsPerEpoch} per block, from the run's streams.
     */
    protected DrawnBatches(int batchSize, int stepsPerEpoch, SeedStreams seeds) {
        this.batchSize = batchSize;
        this.stepsPerEpoch = stepsPerEpoch;
        this.order = seeds.random(SeedStreams.ORDER);
        this.augmentation = seeds.random(SeedStreams.AUGMENTATION);
        this.calibrationSeed = seeds.seedOf("calibration");
    }

    /**
     * One batch: samples chosen with {@code where}, augmented with {@code augment} (null: not augmented).
     */
    protected abstract TrainingLoop.Batch draw(NDManager manager, Random where, Random augment);

    @Override
    public final int batchSize() {
        return batchSize;
    }

    @Override
    public final int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public final void startEpoch(int epoch) {
        // Samples are drawn independently at every step; blocks of iterations have no order to shuffle.
    }

    @Override
    public final TrainingLoop.Batch batch(NDManager manager, int index) {
        return draw(manager, order, augmentation);
    }

    @Override
    public final NDList calibration(NDManager manager) {
        return draw(manager, new Random(calibrationSeed), null).inputs();
    }
}
