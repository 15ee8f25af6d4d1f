package org.qbench.tasks.sr;

import java.nio.file.Path;
import org.qbench.tasks.images.ImageFiles;
import org.qbench.tasks.images.RgbImage;

/**
 * Generated super-resolution data in the user layout ({@code DIR/sr/train}, {@code DIR/sr/test/<set>}): smooth
 * colour fields (sums of plane waves), so that a few steps of training already move the metrics.
 */
public final class SrFixtures {

    private SrFixtures() {}

    /** Four 96x96 training images and two test sets of two 64x64 images under {@code dir}. */
    public static void write(Path dir) {
        for (int i = 0; i < 4; i++) {
            ImageFiles.writePng(smooth("train" + i, 96, 96, i), dir.resolve("sr/train/train" + i + ".png"));
        }
        for (String set : new String[] {"setA", "setB"}) {
            for (int i = 0; i < 2; i++) {
                ImageFiles.writePng(smooth(set + i, 64, 64, 100 + i + set.hashCode()),
                        dir.resolve("sr/test/" + set + "/" + set + i + ".png"));
            }
        }
    }

    /** A smooth RGB image from {@code seed}. */
    public static RgbImage smooth(String name, int height, int width, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        byte[] px = new byte[3 * height * width];
        for (int c = 0; c < 3; c++) {
            double fx = 0.05 + rnd.nextDouble() * 0.3;
            double fy = 0.05 + rnd.nextDouble() * 0.3;
            double phase = rnd.nextDouble() * 6.28;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double v = 0.5 + 0.35 * Math.sin(fx * x + fy * y + phase);
                    px[(c * height + y) * width + x] = (byte) Math.rint(v * 255);
                }
            }
        }
        return new RgbImage(name, height, width, px);
    }
}
