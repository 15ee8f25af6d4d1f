package org.qbench.tasks.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * An image-classification data set in memory: both splits, the per-channel normalisation the models use,
 * and the checksums of the files read.
 *
 * @param dataset the data set's id in result files, e.g. {@code fashion-mnist}
 * @param train the training split
 * @param test the test split
 * @param mean per-channel mean of the training pixels, in [0, 1]
 * @param std per-channel standard deviation of the training pixels, in [0, 1]
 * @param checksums SHA-256 of each file, by file name
 * @param folder the folder the files were read from
 */
public record ImageSplits(
        String dataset, LabelledImages train, LabelledImages test, float[] mean, float[] std,
        Map<String, String> checksums, Path folder) {

    /** Checks that the normalisation matches the channels. */
    public ImageSplits {
        if (mean.length != train.channels() || std.length != train.channels()) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " channels, images have "
                    + train.channels());
        }
    }

    /**
     * The first {@code samples} training images, checked to fill at least one batch.
     *
     * @param budget the budget's id, for the message
     * @throws DataException naming the folder when they do not fill one batch of {@code batchSize}
     */
    public LabelledImages trainingHead(int samples, int batchSize, String budget) {
        LabelledImages head = train.head(samples);
        if (head.count() / batchSize == 0) {
            throw new DataException(folder, "the training split holds " + head.count()
                    + " images, fewer than one batch of " + batchSize + " (budget " + budget + ")");
        }
        return head;
    }
}
