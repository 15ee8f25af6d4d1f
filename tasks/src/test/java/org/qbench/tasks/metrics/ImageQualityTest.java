package org.qbench.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PSNR, SSIM and luma against closed forms and an independent brute-force SSIM. */
class ImageQualityTest {

    /**
     * A random image of multiples of 1/256 in [0, 0.75): dyadic values, so adding a dyadic offset is exact in
     * float and the closed forms hold to the last bit of the double arithmetic.
     */
    private static float[] dyadic(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(192) / 256f;
        }
        return x;
    }

    private static float[] plus(float[] x, float d) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += d;
        }
        return y;
    }

    // --- PSNR

    @Test
    void psnrOfAConstantOffsetIsTenLog10OfOneOverItsSquare() {
        float[] a = dyadic(3 * 12 * 9, 1);
        for (float d : new float[] {0.25f, 0.125f, 1 / 64f}) {
            double expected = 10 * Math.log10(1 / ((double) d * d));
            assertEquals(expected, ImageQuality.psnr(a, plus(a, d), 3, 12, 9, 1, 0), 1e-9, "offset " + d);
            assertEquals(expected, ImageQuality.psnr(plus(a, d), a, 3, 12, 9, 1, 3), 1e-9, "offset " + d + ", crop 3");
        }
        // The peak enters as peak^2: peak 255 adds 20 log10(255) dB.
        assertEquals(10 * Math.log10(255.0 * 255 / (0.25 * 0.25)),
                ImageQuality.psnr(a, plus(a, 0.25f), 3, 12, 9, 255, 0), 1e-9);
    }

    @Test
    void cropLeavesACorruptedBorderOut() {
        int c = 2;
        int h = 14;
        int w = 11;
        float[] clean = dyadic(c * h * w, 2);
        float[] noisy = dyadic(c * h * w, 3);
        float[] garbage = noisy.clone();
        Random rnd = new Random(4);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (y < 2 || y >= h - 2 || x < 2 || x >= w - 2) {
                        garbage[(ch * h + y) * w + x] = 100 * rnd.nextFloat() - 50;
                    }
                }
            }
        }
        double inside = ImageQuality.psnr(clean, noisy, c, h, w, 1, 2);
        assertEquals(inside, ImageQuality.psnr(clean, garbage, c, h, w, 1, 2));
        assertNotEquals(inside, ImageQuality.psnr(clean, garbage, c, h, w, 1, 1), "crop 1 still sees the garbage");
        assertTrue(ImageQuality.psnr(clean, garbage, c, h, w, 1, 0) < inside - 20, "uncropped, the garbage dominates");
        // And the same for SSIM, on a cropped image still larger than the window.
        int big = 16;
        float[] sClean = dyadic(big * big, 5);
        float[] sNoisy = dyadic(big * big, 6);
        float[] sGarbage = sNoisy.clone();
        for (int i = 0; i < big; i++) {
            sGarbage[i] = sGarbage[(big - 1) * big + i] = sGarbage[i * big] = sGarbage[i * big + big - 1] = 9;
        }
        assertEquals(ImageQuality.ssim(sClean, sNoisy, 1, big, big, 1, 1),
                ImageQuality.ssim(sClean, sGarbage, 1, big, big, 1, 1));
        assertNotEquals(ImageQuality.ssim(sClean, sNoisy, 1, big, big, 1, 0),
                ImageQuality.ssim(sClean, sGarbage, 1, big, big, 1, 0));
    }

    @Test
    void psnrAveragesOverExactlyTheCroppedPixels() {
        // 2 x 9 x 12 cropped by 2 leaves 2 x 5 x 8 = 80 pixels; an error of 0.5 at the four corners of the kept
        // region of channel 1 makes MSE = 4 * 0.25 / 80, and every pixel outside that region differs wildly.
        int c = 2;
        int h = 9;
        int w = 12;
        float[] a = dyadic(c * h * w, 14);
        float[] b = a.clone();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (y < 2 || y >= h - 2 || x < 2 || x >= w - 2) {
                        b[(ch * h + y) * w + x] = 1000;
                    }
                }
            }
        }
        for (int[] yx : new int[][] {{2, 2}, {2, w - 3}, {h - 3, 2}, {h - 3, w - 3}}) {
            b[(h + yx[0]) * w + yx[1]] += 0.5f;
        }
        assertEquals(10 * Math.log10(80), ImageQuality.psnr(a, b, c, h, w, 1, 2), 1e-9);
    }

    @Test
    void psnrOfIdenticalImagesIsPositiveInfinity() {
        float[] a = dyadic(2 * 5 * 7, 7);
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(a, a.clone(), 2, 5, 7, 1, 0));
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(a, a, 2, 5, 7, 255, 2));
    }

    @Test
    void psnrRejectsMismatchedLengthsNamingBothSizes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageQuality.psnr(new float[300], new float[299], 3, 10, 10, 1, 0));
        assertTrue(e.getMessage().contains("300") && e.getMessage().contains("299"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ImageQuality.psnr(new float[299], new float[299], 3, 10, 10, 1, 0), "length not c*h*w");
        assertThrows(IllegalArgumentException.class,
                () -> ImageQuality.psnr(new float[300], new float[300], 3, 10, 10, 1, -1), "negative crop");
        assertThrows(IllegalArgumentException.class,
                () -> ImageQuality.psnr(new float[300], new float[300], 3, 10, 10, 1, 5), "nothing left");
        assertThrows(IllegalArgumentException.class,
                () -> ImageQuality.psnr(new float[300], new float[300], 3, 10, 10, 0, 0), "zero peak");
    }

    // --- SSIM

    @Test
    void ssimOfIdenticalImagesIsOne() {
        float[] a = dyadic(3 * 20 * 17, 8);
        assertEquals(1.0, ImageQuality.ssim(a, a.clone(), 3, 20, 17, 1, 0), 1e-12);
        assertEquals(1.0, ImageQuality.ssim(a, a, 3, 20, 17, 1, 3), 1e-12);
    }

    @Test
    void ssimOfTwoConstantImagesIsTheLuminanceTermAlone() {
        float c1 = 0.3f;
        float c2 = 0.7f;
        int h = 13;
        int w = 15;
        float[] a = new float[2 * h * w];
        float[] b = new float[2 * h * w];
        Arrays.fill(a, c1);
        Arrays.fill(b, c2);
        for (double peak : new double[] {1, 2}) {
            double k1 = (0.01 * peak) * (0.01 * peak);
            double expected = (2.0 * c1 * c2 + k1) / ((double) c1 * c1 + (double) c2 * c2 + k1);
            assertEquals(expected, ImageQuality.ssim(a, b, 2, h, w, peak, 0), 1e-12, "peak " + peak);
        }
    }

    @Test
    void ssimMatchesABruteForceWindowSumWithOffsetAndNoise() {
        int c = 2;
        int h = 16;
        int w = 16;
        float[] a = dyadic(c * h * w, 9);
        // An offset leaves variance and covariance alone, so only the luminance term is below 1.
        float[] shifted = plus(a, 0.125f);
        double direct = bruteForce(a, shifted, c, h, w, 1, 0);
        assertEquals(direct, ImageQuality.ssim(a, shifted, c, h, w, 1, 0), 1e-12);
        assertEquals(bruteForceLuminance(a, shifted, c, h, w, 1, 0), direct, 1e-12, "structure term is 1");
        assertTrue(direct < 1 - 1e-3, "the offset lowers SSIM: " + direct);
        // Noise changes the structure term; a non-square crop checks rows and columns are not swapped.
        float[] n1 = dyadic(c * 21 * 18, 10);
        float[] n2 = n1.clone();
        Random rnd = new Random(11);
        for (int i = 0; i < n2.length; i++) {
            n2[i] += (rnd.nextInt(33) - 16) / 256f;
        }
        assertEquals(bruteForce(n1, n2, c, 21, 18, 1, 2), ImageQuality.ssim(n1, n2, c, 21, 18, 1, 2), 1e-12);
        assertEquals(bruteForce(n1, n2, c, 21, 18, 255, 1), ImageQuality.ssim(n1, n2, c, 21, 18, 255, 1), 1e-12);
    }

    @Test
    void ssimIsSymmetric() {
        float[] a = dyadic(3 * 19 * 23, 12);
        float[] b = dyadic(3 * 19 * 23, 13);
        assertEquals(ImageQuality.ssim(a, b, 3, 19, 23, 1, 1), ImageQuality.ssim(b, a, 3, 19, 23, 1, 1));
    }

    @Test
    void ssimRejectsImagesSmallerThanTheWindow() {
        float[] ten = new float[10 * 20];
        var e = assertThrows(IllegalArgumentException.class, () -> ImageQuality.ssim(ten, ten, 1, 10, 20, 1, 0));
        assertTrue(e.getMessage().contains("11x11"), e.getMessage());
        float[] fifteen = new float[15 * 15];
        assertEquals(1.0, ImageQuality.ssim(fifteen, fifteen, 1, 15, 15, 1, 2), 1e-12, "11x11 after crop is enough");
        assertThrows(IllegalArgumentException.class, () -> ImageQuality.ssim(fifteen, fifteen, 1, 15, 15, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> ImageQuality.ssim(fifteen, fifteen, 1, 15, 15, 1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> ImageQuality.ssim(fifteen, new float[15 * 14], 1, 15, 15, 1, 0));
    }

    /**
     * SSIM straight from the definition: at each valid window position, the 2-D Gaussian weights from their
     * formula, the weighted means, and the variances and covariance as weighted sums of centred products (not
     * {@code E[x^2] - E[x]^2} as the class computes them).
     */
    private static double bruteForce(float[] a, float[] b, int c, int h, int w, double peak, int crop) {
        return windowMean(a, b, c, h, w, peak, crop, false);
    }

    /** The mean of the luminance term {@code (2 mu_a mu_b + C1) / (mu_a^2 + mu_b^2 + C1)} alone. */
    private static double bruteForceLuminance(float[] a, float[] b, int c, int h, int w, double peak, int crop) {
        return windowMean(a, b, c, h, w, peak, crop, true);
    }

    private static double windowMean(float[] a, float[] b, int c, int h, int w, double peak, int crop,
            boolean luminanceOnly) {
        double[][] g = new double[11][11];
        double total = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                g[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                total += g[i][j];
            }
        }
        double k1 = Math.pow(0.01 * peak, 2);
        double k2 = Math.pow(0.03 * peak, 2);
        double perChannel = 0;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            int n = 0;
            for (int y0 = crop; y0 + 11 <= h - crop; y0++) {
                for (int x0 = crop; x0 + 11 <= w - crop; x0++) {
                    double ma = 0;
                    double mb = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            int p = (ch * h + y0 + i) * w + x0 + j;
                            ma += g[i][j] / total * a[p];
                            mb += g[i][j] / total * b[p];
                        }
                    }
                    double va = 0;
                    double vb = 0;
                    double cov = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            int p = (ch * h + y0 + i) * w + x0 + j;
                            va += g[i][j] / total * (a[p] - ma) * (a[p] - ma);
                            vb += g[i][j] / total * (b[p] - mb) * (b[p] - mb);
                            cov += g[i][j] / total * (a[p] - ma) * (b[p] - mb);
                        }
                    }
                    double luminance = (2 * ma * mb + k1) / (ma * ma + mb * mb + k1);
                    sum += luminanceOnly ? luminance : luminance * (2 * cov + k2) / (va + vb + k2);
                    n++;
                }
            }
            assertEquals((h - 2 * crop - 10) * (w - 2 * crop - 10), n, "valid positions");
            perChannel += sum / n;
        }
        return perChannel / c;
    }

    // --- Luma

    @Test
    void lumaOfWhiteBlackAndPrimariesIsTheStudioRange() {
        // Six pixels: white, black, red, green, blue, mid grey.
        float[] rgb = {
            1, 0, 1, 0, 0, 0.5f, // R
            1, 0, 0, 1, 0, 0.5f, // G
            1, 0, 0, 0, 1, 0.5f, // B
        };
        float[] y = ImageQuality.rgbToY(rgb, 2, 3);
        assertEquals(6, y.length);
        assertEquals(235 / 255.0, y[0], 1e-7);
        assertEquals(16 / 255.0, y[1], 1e-7);
        assertEquals((16 + 65.481) / 255, y[2], 1e-7);
        assertEquals((16 + 128.553) / 255, y[3], 1e-7);
        assertEquals((16 + 24.966) / 255, y[4], 1e-7);
        assertEquals((16 + 0.5 * 219) / 255, y[5], 1e-7);
        assertThrows(IllegalArgumentException.class, () -> ImageQuality.rgbToY(new float[17], 2, 3));
    }
}
