package org.qbench.tasks.data;

/**
 * A split of an image-classification data set in memory: 8-bit pixels in NCHW order and integer labels.
 *
 * @param pixels unsigned 8-bit pixel values, {@code count * channels * height * width} of them
 * @param labels class index of each image
 * @param channels channels per image
 * @param height image height
 * @param width image width
 * @param classes number of classes
 */
public record LabelledImages(byte[] pixels, int[] labels, int channels, int height, int width, int classes) {

    /** Checks that sizes agree. */
    public LabelledImages {
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " pixel values");
        }
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }

    /** Values per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The first {@code n} images (or all when {@code n} is at least the count). */
    public LabelledImages head(int n) {
        if (n >= count()) {
            return this;
        }
        byte[] p = java.util.Arrays.copyOf(pixels, n * imageSize());
        return new LabelledImages(p, java.util.Arrays.copyOf(labels, n), channels, height, width, classes);
    }
}
