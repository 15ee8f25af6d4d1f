package org.qbench.tasks.lowlight;

import java.util.random.RandomGenerator;
import org.qbench.tasks.images.RgbImage;

/**
 * Brooks et al., "Unprocessing Images for Learned Raw Denoising" (CVPR 2019): an sRGB picture back to linear camera
 * RGB. Steps, per pixel: inverse gamma (the plain power 2.2, as Brooks and BRVE's preview ISP, not the piecewise
 * sRGB curve), sRGB to camera RGB by a fixed colour matrix, and division by white-balance and brightness gains drawn
 * once per clip. Departures from Brooks: the inverse smoothstep tone curve is left out (the preview {@link Isp}
 * applies no tone curve, so that a preview of a clean frame looks like its source), and the colour matrix is one
 * fixed matrix (Brooks' first XYZ-to-camera matrix times sRGB-to-XYZ, rows normalised to sum 1) instead of a
 * random mix of four. Brooks' highlight-preserving gain inversion is kept: near white the gains fade to 1, so
 * saturated highlights stay saturated instead of turning a colour.
 */
public final class Unprocess {

    /** The display gamma undone here and re-applied by {@link Isp}. */
    public static final double GAMMA = 2.2;

    /** Brooks' first XYZ-to-camera matrix (row-major). */
    private static final double[] XYZ_TO_CAM = {1.0234, -0.2969, -0.2266, -0.5625, 1.6328, -0.0469, -0.0703, 0.2188,
        0.6406};
    /** sRGB (D65) to XYZ. */
    private static final double[] RGB_TO_XYZ = {0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.0721750,
        0.0193339, 0.1191920, 0.9503041};
    /** Linear sRGB to camera RGB, rows summing to 1 (so grey stays grey before white balance). */
    static final double[] RGB_TO_CAM = rgbToCam();
    /** Camera RGB to linear sRGB: the inverse of {@link #RGB_TO_CAM}. */
    static final double[] CAM_TO_RGB = invert(RGB_TO_CAM);

    private Unprocess() {}

    /** The fixed camera-to-sRGB matrix, row-major (a copy). */
    public static double[] camToRgb() {
        return CAM_TO_RGB.clone();
    }

    /**
     * Draws a clip's gains as Brooks: brightness 1/N(0.8, 0.1) (the normal clamped to at least 0.4), red U(1.9, 2.4),
     * blue U(1.5, 1.9); with the fixed colour matrix.
     */
    public static IspParams drawParams(RandomGenerator random) {
        double red = 1.9 + 0.5 * random.nextDouble();
        double blue = 1.5 + 0.4 * random.nextDouble();
        double brightness = 1 / Math.max(0.4, 0.8 + 0.1 * random.nextGaussian());
        return new IspParams(red, blue, brightness, CAM_TO_RGB);
    }

    /** {@link #apply(float[], int, int, IspParams)} on an 8-bit image. */
    public static float[] apply(RgbImage image, IspParams p) {
        return apply(image.toUnitFloats(), image.height(), image.width(), p);
    }

    /**
     * Linear camera RGB (planar CHW, in [0, 1]) of sRGB values in [0, 1] (planar CHW).
     *
     * @throws IllegalArgumentException if the array does not hold {@code 3 * height * width} values
     */
    public static float[] apply(float[] srgb, int height, int width, IspParams p) {
        int n = height * width;
        if (srgb.length != 3L * n) {
            throw new IllegalArgumentException("unprocess: " + srgb.length + " values for 3x" + height + "x" + width);
        }
        double[] m = RGB_TO_CAM;
        double[] gains = {1 / (p.brightness() * p.redGain()), 1 / p.brightness(), 1 / (p.brightness() * p.blueGain())};
        float[] out = new float[3 * n];
        double[] lin = new double[3];
        double[] cam = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                lin[c] = Math.pow(Math.max(srgb[c * n + i], 1e-8), GAMMA);
            }
            for (int r = 0; r < 3; r++) {
                cam[r] = m[3 * r] * lin[0] + m[3 * r + 1] * lin[1] + m[3 * r + 2] * lin[2];
            }
            // Brooks' safe_invert_gains: fade the inverse gains to 1 above grey 0.9.
            double grey = (cam[0] + cam[1] + cam[2]) / 3;
            double t = Math.max(grey - 0.9, 0) / 0.1;
            double mask = t * t;
            for (int c = 0; c < 3; c++) {
                double g = Math.max(mask + (1 - mask) * gains[c], gains[c]);
                out[c * n + i] = (float) Math.min(1, Math.max(0, cam[c] * g));
            }
        }
        return out;
    }

    private static double[] rgbToCam() {
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += XYZ_TO_CAM[3 * r + k] * RGB_TO_XYZ[3 * k + c];
                }
                m[3 * r + c] = v;
                sum += v;
            }
            for (int c = 0; c < 3; c++) {
                m[3 * r + c] /= sum;
            }
        }
        return m;
    }

    static double[] invert(double[] a) {
        double det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
                + a[2] * (a[3] * a[7] - a[4] * a[6]);
        return new double[] {
            (a[4] * a[8] - a[5] * a[7]) / det, (a[2] * a[7] - a[1] * a[8]) / det, (a[1] * a[5] - a[2] * a[4]) / det,
            (a[5] * a[6] - a[3] * a[8]) / det, (a[0] * a[8] - a[2] * a[6]) / det, (a[2] * a[3] - a[0] * a[5]) / det,
            (a[3] * a[7] - a[4] * a[6]) / det, (a[1] * a[6] - a[0] * a[7]) / det, (a[0] * a[4] - a[1] * a[3]) / det};
    }
}
