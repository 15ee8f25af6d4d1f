package org.qbench.tasks.lowlight;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.qbench.tasks.images.RgbImage;

/** Synthetic photos and a small H.264 file for the low-light tests (no network, no packages). */
public final class LowlightFixtures {

    private LowlightFixtures() {}

    /** {@code count} smooth, textured colour photos of {@code h x w}, each different. */
    static List<RgbImage> photos(int count, int h, int w) {
        List<RgbImage> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            SplittableRandom r = new SplittableRandom(100 + k);
            double f1 = 0.01 + 0.05 * r.nextDouble();
            double f2 = 0.01 + 0.05 * r.nextDouble();
            byte[] rgb = new byte[3 * h * w];
            for (int c = 0; c < 3; c++) {
                double phase = r.nextDouble() * 6;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double v = 0.5 + 0.3 * Math.sin(f1 * x + phase + c) * Math.cos(f2 * y - phase)
                                + 0.1 * r.nextDouble();
                        rgb[(c * h + y) * w + x] = (byte) (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                    }
                }
            }
            out.add(new RgbImage("photo" + k, h, w, rgb));
        }
        return out;
    }

    /** An H.264 MP4 of {@code frames} frames of {@code w x h} (even sides): a bright square moving right. */
    static Path video(Path file, int frames, int h, int w) throws IOException {
        AWTSequenceEncoder enc = AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 10);
        for (int t = 0; t < frames; t++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean square = y >= h / 4 && y < h / 2 && x >= 4 * t && x < 4 * t + h / 4;
                    int v = square ? 230 : 40 + (x + y) % 64;
                    img.setRGB(x, y, (v << 16) | ((v / 2) << 8) | (255 - v));
                }
            }
            enc.encodeImage(img);
        }
        enc.finish();
        return file;
    }

    /**
     * A user's paired raw clips in the documented layout ({@code DIR/lowlight/{train,test/fixture}/<clip>/}, 16-bit PGM
     * and {@code meta.json}): {@code trainClips} training clips and two test clips at ratios 100 and 200, each of
     * {@code frames} RGGB frames of {@code 2 side x 2 side} (packed {@code side x side}), a moving smooth pattern
     * darkened by the ratio with Gaussian noise. Public for the task contract test.
     */
    public static void userClips(Path dir, int trainClips, int frames, int side) throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < trainClips + 2; k++) {
            boolean train = k < trainClips;
            int ratio = train ? 100 : 100 * (k - trainClips + 1);
            Path clip = dir.resolve(train ? "lowlight/train/clip" + k : "lowlight/test/fixture/clip" + k);
            int h = 2 * side;
            int w = 2 * side;
            for (int t = 0; t < frames; t++) {
                int[] noisy = new int[h * w];
                int[] clean = new int[h * w];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double v = 0.5 + 0.4 * Math.sin(0.21 * (x + 2 * t + k) + 0.13 * y) * Math.cos(0.17 * y - k);
                        int c = 512 + (int) Math.round(v * (15360 - 512));
                        double dark = (c - 512) / (double) ratio + rnd.nextGaussian() * 2.0;
                        clean[y * w + x] = c;
                        noisy[y * w + x] = (int) Math.max(0, Math.min(15360, Math.round(512 + dark)));
                    }
                }
                Pgm16.write(clip.resolve(String.format("noisy_%03d.pgm", t)), h, w, noisy);
                Pgm16.write(clip.resolve(String.format("clean_%03d.pgm", t)), h, w, clean);
            }
            java.nio.file.Files.writeString(clip.resolve("meta.json"),
                    "{\"black\": 512, \"white\": 15360, \"ratio\": " + ratio + ", \"cfa\": \"RGGB\"}");
        }
    }
}
