package org.qbench.tasks.lowlight;

import org.qbench.tasks.images.RgbImage;

/**
 * The fixed, simple ISP used for previews, as BRVE's visualisation: white balance (red, blue and brightness gains),
 * half-resolution demosaic (R, G = (G1 + G2)/2, B of each 2x2 tile), colour matrix, gamma 2.2, rounded to 8 bits.
 * The inverse of {@link Unprocess} up to clipping and the mosaic.
 */
public final class Isp {

    private Isp() {}

    /**
     * The sRGB picture ({@code h x w}) of one packed frame ({@code 4 x h x w}, R, G1, G2, B, linear in [0, 1]).
     *
     * @throws IllegalArgumentException if the array does not hold {@code 4 * h * w} values
     */
    public static RgbImage toSrgb(String name, float[] packed, int h, int w, IspParams p) {
        return toSrgb(name, packed, 0, h, w, p);
    }

    /**
     * As {@link #toSrgb(String, float[], int, int, IspParams)} for the frame starting at {@code offset} (frame
     * {@code t} of a clip starts at {@code t * 4 * h * w}).
     */
    public static RgbImage toSrgb(String name, float[] packed, int offset, int h, int w, IspParams p) {
        int n = h * w;
        if (offset < 0 || packed.length < offset + 4L * n) {
            throw new IllegalArgumentException("ISP: " + packed.length + " values, need 4x" + h + "x" + w
                    + " from offset " + offset);
        }
        double[] m = p.camToRgb();
        double[] gains = {p.brightness() * p.redGain(), p.brightness(), p.brightness() * p.blueGain()};
        float[] out = new float[3 * n];
        double[] cam = new double[3];
        for (int i = 0; i < n; i++) {
            cam[0] = clip01(packed[offset + i] * gains[0]);
            cam[1] = clip01(0.5 * (packed[offset + n + i] + packed[offset + 2 * n + i]) * gains[1]);
            cam[2] = clip01(packed[offset + 3 * n + i] * gains[2]);
            for (int r = 0; r < 3; r++) {
                double v = clip01(m[3 * r] * cam[0] + m[3 * r + 1] * cam[1] + m[3 * r + 2] * cam[2]);
                out[r * n + i] = (float) Math.pow(v, 1 / Unprocess.GAMMA);
            }
        }
        return RgbImage.fromUnitFloats(name, h, w, out);
    }

    private static double clip01(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
