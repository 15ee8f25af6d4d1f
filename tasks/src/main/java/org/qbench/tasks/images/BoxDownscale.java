package org.qbench.tasks.images;

/**
 * Integer box downscaling: each output pixel is the mean of a {@code factor x factor} block. Used to turn
 * camera JPEGs into HR images: averaging 2x2 or more blocks removes JPEG blocking and 4:2:0 chroma subsampling,
 * which a super-resolution network would otherwise learn to reproduce.
 */
public final class BoxDownscale {

    private BoxDownscale() {}

    /**
     * The block means, rounded half to even; rows and columns past the last whole block are dropped. The name is
     * kept: the result stands in for the source as an HR image.
     *
     * @throws IllegalArgumentException if {@code factor < 1} or larger than a side of the image
     */
    public static RgbImage apply(RgbImage image, int factor) {
        if (factor < 1 || factor > image.height() || factor > image.width()) {
            throw new IllegalArgumentException("box downscale of " + image.name() + " (" + image.width() + "x"
                    + image.height() + "): factor " + factor + " is not in 1..min side");
        }
        if (factor == 1) {
            return image;
        }
        int h = image.height() / factor;
        int w = image.width() / factor;
        int inH = image.height();
        int inW = image.width();
        byte[] in = image.rgb();
        byte[] out = new byte[3 * h * w];
        int[] sums = new int[w];
        double area = factor * factor;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                java.util.Arrays.fill(sums, 0);
                for (int dy = 0; dy < factor; dy++) {
                    int base = (c * inH + y * factor + dy) * inW;
                    for (int x = 0; x < w; x++) {
                        int s = 0;
                        for (int dx = 0; dx < factor; dx++) {
                            s += in[base + x * factor + dx] & 0xFF;
                        }
                        sums[x] += s;
                    }
                }
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = (byte) (int) Math.rint(sums[x] / area);
                }
            }
        }
        return new RgbImage(image.name(), h, w, out);
    }

    /**
     * The smallest factor {@code f >= 1} for which the long side after {@link #apply} (which drops the remainder,
     * so {@code floor(side / f)}) is at most {@code maxLongSide}. Whether a JPEG source needs at least 2 is the
     * caller's decision.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public static int factorFor(int height, int width, int maxLongSide) {
        if (height < 1 || width < 1 || maxLongSide < 1) {
            throw new IllegalArgumentException("box factor: sizes " + width + "x" + height + " and maximum "
                    + maxLongSide + " must be positive");
        }
        int longSide = Math.max(height, width);
        // floor(L / f) <= M  <=>  L < (M + 1) f  <=>  f > L / (M + 1).
        return longSide / (maxLongSide + 1) + 1;
    }
}
