package org.qbench.tasks.cls;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.stream.IntStream;
import org.qbench.tasks.data.ImageSplits;
import org.qbench.tasks.data.LabelledImages;
import org.qbench.tasks.train.SeedStreams;
import org.qbench.tasks.train.TrainingLoop;

/**
 * Training batches of an image classification data set: a fresh permutation per epoch from the {@code order}
 * stream, optional flip + translate augmentation from the {@code augmentation} stream, normalised NCHW images and
 * labels as float class ids; the last incomplete batch of an epoch is dropped. Shared by every classification
 * task (CNN and ViT), so they see the same data in the same order for the same seed streams.
 */
public final class ClassificationBatches implements TrainingLoop.Batches {
    private final ImageSplits splits;
    private final LabelledImages train;
    private final int batchSize;
    private final Random order;
    private final Random augment;
    private final int[] indices;

    /**
     * Batches of {@code train}.
     *
     * @param splits the data set (for its normalisation)
     * @param train the training images used
     * @param batchSize images per batch
     * @param augment whether to flip and translate
     * @param seeds the run's streams
     */
    public ClassificationBatches(ImageSplits splits, LabelledImages train, int batchSize, boolean augment,
            SeedStreams seeds) {
        this.splits = splits;
        this.train = train;
        this.batchSize = batchSize;
        this.order = seeds.random(SeedStreams.ORDER);
        this.augment = augment ? seeds.random(SeedStreams.AUGMENTATION) : null;
        this.indices = IntStream.range(0, train.count()).toArray();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int stepsPerEpoch() {
        return train.count() / batchSize;
    }

    @Override
    public Shape[] inputShapes() {
        return new Shape[] {new Shape(batchSize, train.channels(), train.height(), train.width())};
    }

    @Override
    public void startEpoch(int epoch) {
        SeedStreams.shuffle(indices, order);
    }

    @Override
    public TrainingLoop.Batch batch(NDManager manager, int index) {
        int start = index * batchSize;
        return new TrainingLoop.Batch(
                new NDList(ClassificationTask.images(manager, splits, train, indices, start, batchSize, augment)),
                new NDList(ClassificationTask.labels(manager, train, indices, start, batchSize)));
    }

    @Override
    public NDList calibration(NDManager manager) {
        return new NDList(ClassificationTask.images(manager, splits, train, IntStream.range(0, train.count()).toArray(), 0,
                batchSize, null));
    }
}
