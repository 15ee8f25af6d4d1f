package org.qbench.tasks.metrics;

import org.qbench.tasks.images.RgbImage;

/**
 * Full-reference image quality: PSNR and SSIM as BasicSR's {@code calculate_psnr} and {@code calculate_ssim}
 * compute them, and the BT.601 luma those are usually taken on.
 *
 * <p>Images are planar CHW {@code float[]} ({@code index = (c * height + y) * width + x}); all sums run in
 * double. A result depends on three choices that it must record next to the number:
 * <ul>
 *   <li><b>peak</b>: the largest value a pixel can take ({@code 1} for images in [0, 1], {@code 255} for
 *       8-bit values). PSNR is {@code 10 log10(peak^2 / MSE)}; SSIM's constants are {@code C1 = (0.01 peak)^2}
 *       and {@code C2 = (0.03 peak)^2}. SSIM is scale-free, so [0, 1] with peak 1 gives BasicSR's [0, 255] with
 *       peak 255 up to rounding; PSNR is scale-free too when peak scales with the data.</li>
 *   <li><b>crop</b>: pixels dropped from each of the four borders before anything is computed (BasicSR's
 *       {@code crop_border}; super-resolution papers crop the scale factor).</li>
 *   <li><b>channels</b>: the raw channels (each one's SSIM averaged; PSNR's MSE over all of them), or the luma
 *       alone ({@code test_y_channel=True}): convert both images with {@link #rgbToY} and pass one channel.
 *       BasicSR crops before converting; per pixel the two orders give the same values.</li>
 * </ul>
 * BasicSR usually rounds its outputs to 8-bit integers first ({@code tensor2img}); these methods take the values
 * as given, so a caller that wants those exact numbers quantizes first.
 */
public final class ImageQuality {

    /** SSIM's Gaussian window: 11 taps, standard deviation 1.5 (Wang et al. 2004). */
    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    /** The window's normalised 1-D taps; the 2-D window is their outer product, so filtering is separable. */
    private static final double[] TAPS = gaussianTaps();

    private ImageQuality() {}

    /**
     * The ITU-R BT.601 luma of an RGB image with values in [0, 1], as BasicSR's {@code rgb2ycbcr(img,
     * y_only=True)} computes it for float input: {@code Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255}, so
     * [0, 1] maps to [16/255, 235/255] (the studio range, as MATLAB's {@code rgb2ycbcr}).
     *
     * @param rgb planar R, G, B planes, {@code 3 * height * width} values
     * @param height image height
     * @param width image width
     * @return the luma plane, {@code height * width} values
     * @throws IllegalArgumentException if the sizes are not positive or {@code rgb} has the wrong length
     */
    public static float[] rgbToY(float[] rgb, int height, int width) {
        int plane = checkShape(rgb, 3, height, width, "rgb");
        float[] y = new float[plane];
        for (int i = 0; i < plane; i++) {
            double v = 16.0 + 65.481 * rgb[i] + 128.553 * rgb[plane + i] + 24.966 * rgb[2 * plane + i];
            y[i] = (float) (v / 255.0);
        }
        return y;
    }

    /**
     * {@code {psnr, ssim}} of an 8-bit RGB output against its ground truth as BasicSR computes them with
     * {@code test_y_channel=True, crop_border=crop}: both images' luma ({@link #rgbToY}, on [0, 1], so peak 1 gives
     * the same numbers as BasicSR's peak 255 on [0, 255]). The super-resolution protocol (crop = scale); tables
     * measure the pictures they show with it too.
     *
     * @throws IllegalArgumentException when the images' sizes differ
     */
    public static double[] onLuma(RgbImage a, RgbImage b, int crop) {
        if (a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException(a.name() + " is " + a.height() + "x" + a.width() + ", " + b.name()
                    + " is " + b.height() + "x" + b.width() + ": their sizes must match");
        }
        float[] ya = rgbToY(a.toUnitFloats(), a.height(), a.width());
        float[] yb = rgbToY(b.toUnitFloats(), b.height(), b.width());
        return new double[] {
            psnr(ya, yb, 1, a.height(), a.width(), 1.0, crop),
            ssim(ya, yb, 1, a.height(), a.width(), 1.0, crop)
        };
    }

    /**
     * Peak signal-to-noise ratio in dB, {@code 10 log10(peak^2 / MSE)}, with the MSE taken over every channel of
     * the cropped images (BasicSR's {@code calculate_psnr}, with the peak as a parameter instead of 255).
     *
     * @param a one image, CHW
     * @param b the other image, CHW, same shape
     * @param channels number of channels
     * @param height image height
     * @param width image width
     * @param peak the largest pixel value ({@code 1} for [0, 1] data, {@code 255} for 8-bit values)
     * @param crop pixels dropped from each border before measuring
     * @return the PSNR in dB; {@link Double#POSITIVE_INFINITY} when the cropped images are identical
     * @throws IllegalArgumentException on a bad shape, length, crop or peak
     */
    public static double psnr(float[] a, float[] b, int channels, int height, int width, double peak, int crop) {
        checkPair(a, b, channels, height, width);
        checkPeak(peak);
        checkCrop(crop, height, width, 1);
        long count = 0;
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = crop; y < height - crop; y++) {
                int row = (c * height + y) * width;
                for (int x = crop; x < width - crop; x++) {
                    double d = (double) a[row + x] - b[row + x];
                    sum += d * d;
                    count++;
                }
            }
        }
        double mse = sum / count;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / mse);
    }

    /**
     * Structural similarity (Wang et al. 2004) as BasicSR's {@code calculate_ssim} computes it: per channel, the
     * local means, variances and covariance under an 11x11 Gaussian window of standard deviation 1.5 at every
     * position where the window fits inside the cropped image ("valid" filtering, no padding: a map of
     * {@code (height - 2 crop - 10) x (width - 2 crop - 10)}), the map
     * {@code (2 mu_a mu_b + C1)(2 sigma_ab + C2) / ((mu_a^2 + mu_b^2 + C1)(sigma_a^2 + sigma_b^2 + C2))} with
     * {@code C1 = (0.01 peak)^2}, {@code C2 = (0.03 peak)^2}, its mean, and the mean of that over channels.
     * Variances are {@code E[x^2] - E[x]^2} under the window, as BasicSR has them (no Bessel correction).
     *
     * @param a one image, CHW
     * @param b the other image, CHW, same shape
     * @param channels number of channels
     * @param height image height
     * @param width image width
     * @param peak the dynamic range L of the pixel values ({@code 1} for [0, 1] data, {@code 255} for 8-bit)
     * @param crop pixels dropped from each border before measuring
     * @return the SSIM, 1 for identical images
     * @throws IllegalArgumentException on a bad shape, length or peak, a negative crop, or a cropped image
     *     smaller than the 11x11 window
     */
    public static double ssim(float[] a, float[] b, int channels, int height, int width, double peak, int crop) {
        checkPair(a, b, channels, height, width);
        checkPeak(peak);
        checkCrop(crop, height, width, WINDOW);
        double c1 = (0.01 * peak) * (0.01 * peak);
        double c2 = (0.03 * peak) * (0.03 * peak);
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += ssimPlane(a, b, c * height * width, width, crop, height - 2 * crop, width - 2 * crop, c1, c2);
        }
        return sum / channels;
    }

    /**
     * The mean SSIM map of one channel. The window is separable: each image row is filtered horizontally once,
     * into a ring of the last 11 rows, and each output row is the vertical filter over that ring, so memory is
     * 11 rows whatever the image size.
     */
    private static double ssimPlane(float[] a, float[] b, int offset, int stride, int crop, int rows, int cols,
            double c1, double c2) {
        int outRows = rows - WINDOW + 1;
        int outCols = cols - WINDOW + 1;
        // Horizontally filtered a, b, a^2, b^2 and ab for the last WINDOW rows, row r at r % WINDOW.
        double[][][] ring = new double[5][WINDOW][outCols];
        for (int r = 0; r < WINDOW - 1; r++) {
            filterRow(a, b, offset + (crop + r) * stride + crop, outCols, ring, r % WINDOW);
        }
        double sum = 0;
        for (int y = 0; y < outRows; y++) {
            int newest = y + WINDOW - 1;
            filterRow(a, b, offset + (crop + newest) * stride + crop, outCols, ring, newest % WINDOW);
            for (int x = 0; x < outCols; x++) {
                double muA = 0;
                double muB = 0;
                double aa = 0;
                double bb = 0;
                double ab = 0;
                for (int i = 0; i < WINDOW; i++) {
                    int r = (y + i) % WINDOW;
                    double t = TAPS[i];
                    muA += t * ring[0][r][x];
                    muB += t * ring[1][r][x];
                    aa += t * ring[2][r][x];
                    bb += t * ring[3][r][x];
                    ab += t * ring[4][r][x];
                }
                double varA = aa - muA * muA;
                double varB = bb - muB * muB;
                double cov = ab - muA * muB;
                sum += (2 * muA * muB + c1) * (2 * cov + c2) / ((muA * muA + muB * muB + c1) * (varA + varB + c2));
            }
        }
        return sum / ((double) outRows * outCols);
    }

    /** The horizontal pass over one cropped row starting at {@code start}: five filtered rows into ring slot. */
    private static void filterRow(float[] a, float[] b, int start, int outCols, double[][][] ring, int slot) {
        double[] ra = ring[0][slot];
        double[] rb = ring[1][slot];
        double[] raa = ring[2][slot];
        double[] rbb = ring[3][slot];
        double[] rab = ring[4][slot];
        for (int x = 0; x < outCols; x++) {
            double sa = 0;
            double sb = 0;
            double saa = 0;
            double sbb = 0;
            double sab = 0;
            for (int j = 0; j < WINDOW; j++) {
                double t = TAPS[j];
                double va = a[start + x + j];
                double vb = b[start + x + j];
                sa += t * va;
                sb += t * vb;
                saa += t * (va * va);
                sbb += t * (vb * vb);
                sab += t * (va * vb);
            }
            ra[x] = sa;
            rb[x] = sb;
            raa[x] = saa;
            rbb[x] = sbb;
            rab[x] = sab;
        }
    }

    /** OpenCV's {@code getGaussianKernel(11, 1.5)}: {@code exp(-(i - 5)^2 / (2 sigma^2))}, normalised to sum 1. */
    private static double[] gaussianTaps() {
        double[] t = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - (WINDOW - 1) / 2.0;
            t[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += t[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            t[i] /= sum;
        }
        return t;
    }

    private static void checkPair(float[] a, float[] b, int channels, int height, int width) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("both images are required, " + (a == null ? "a" : "b") + " is null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("the images differ in size: a has " + a.length + " values, b has "
                    + b.length + " (expected channels * height * width = " + channels + " * " + height + " * "
                    + width + ")");
        }
        checkShape(a, channels, height, width, "a");
    }

    /** Checks positive sizes and the array length; returns height * width. */
    private static int checkShape(float[] image, int channels, int height, int width, String name) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("channels, height and width must be positive, got " + channels + ", "
                    + height + ", " + width);
        }
        if (image == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        long expected = (long) channels * height * width;
        if (image.length != expected) {
            throw new IllegalArgumentException(name + " has " + image.length + " values, expected channels * height"
                    + " * width = " + channels + " * " + height + " * " + width + " = " + expected);
        }
        return height * width;
    }

    private static void checkPeak(double peak) {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("peak must be positive and finite, got " + peak);
        }
    }

    /** Checks that cropping leaves at least {@code min} x {@code min} pixels. */
    private static void checkCrop(int crop, int height, int width, int min) {
        if (crop < 0) {
            throw new IllegalArgumentException("crop must not be negative, got " + crop);
        }
        long rows = (long) height - 2L * crop;
        long cols = (long) width - 2L * crop;
        if (rows < min || cols < min) {
            throw new IllegalArgumentException("a " + height + "x" + width + " image cropped by " + crop
                    + " on each border is " + Math.max(rows, 0) + "x" + Math.max(cols, 0) + ", smaller than "
                    + (min == 1 ? "one pixel" : min + "x" + min + " (the SSIM window)"));
        }
    }
}
