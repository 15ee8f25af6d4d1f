package org.qbench.tasks.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** MATLAB/BasicSR bicubic resizing against hand-computed and closed-form values. */
class BicubicTest {

    private static final double EPS = 1e-6;

    @Test
    void cubicKernelAtQuarterDistances() {
        // Keys, a = -0.5: |x| <= 1: 1.5|x|^3 - 2.5|x|^2 + 1; 1 < |x| <= 2: -0.5|x|^3 + 2.5|x|^2 - 4|x| + 2.
        assertEquals(0.8671875, Bicubic.cubic(0.25), 0);   // 0.0234375 - 0.15625 + 1
        assertEquals(0.2265625, Bicubic.cubic(-0.75), 0);  // 0.6328125 - 1.40625 + 1
        assertEquals(-0.0703125, Bicubic.cubic(1.25), 0);  // -0.9765625 + 3.90625 - 5 + 2
        assertEquals(-0.0234375, Bicubic.cubic(1.75), 0);  // -2.6796875 + 7.65625 - 7 + 2
        assertEquals(1, Bicubic.cubic(0), 0);
        assertEquals(0, Bicubic.cubic(1), 0);
        assertEquals(0, Bicubic.cubic(2), 0);
        assertEquals(0, Bicubic.cubic(-2.5), 0);
    }

    @Test
    void upscaleByTwoWeightsForTheFirstTwoOutputPixels() {
        // Output pixel 1 (1-based) samples u = x/scale + (1 - 1/scale)/2 = 0.5 + 0.25 = 0.75; taps 1-based -1..2
        // at distances 1.75, 0.75, -0.25, -1.25 (the six-tap window's all-zero ends at 2.75 and -2.25 are dropped).
        // Output pixel 2 samples u = 1.25; taps 0..3 at distances 1.25, 0.25, -0.75, -1.75. Both sum to 1.
        Bicubic.Taps t = Bicubic.weights(6, 12, 2);
        assertEquals(-2, t.first()[0]);
        assertArrayEquals(new double[] {-0.0234375, 0.2265625, 0.8671875, -0.0703125}, t.weights()[0], 0);
        assertEquals(-1, t.first()[1]);
        assertArrayEquals(new double[] {-0.0703125, 0.8671875, 0.2265625, -0.0234375}, t.weights()[1], 0);
        assertEquals(12, t.first().length);
    }

    @Test
    void upscaleMirrorsTheEdgePixel() {
        // Rows are constant, columns s = 1, 4, 2, 8. Column 0: taps 0-based -2, -1, 0, 1 read s1, s0, s0, s1:
        // -0.0234375*4 + (0.2265625 + 0.8671875)*1 - 0.0703125*4 = 0.71875.
        // Column 1: taps -1..2 read s0, s0, s1, s2: (-0.0703125 + 0.8671875)*1 + 0.2265625*4 - 0.0234375*2 = 1.65625.
        float[] s = {1, 4, 2, 8};
        float[] img = new float[4 * 4];
        for (int y = 0; y < 4; y++) {
            System.arraycopy(s, 0, img, y * 4, 4);
        }
        float[] out = Bicubic.resize(img, 1, 4, 4, 2);
        assertEquals(8 * 8, out.length);
        for (int y = 0; y < 8; y++) {
            assertEquals(0.71875, out[y * 8], EPS);
            assertEquals(1.65625, out[y * 8 + 1], EPS);
        }
    }

    @Test
    void downscaleByTwoWidensTheKernel() {
        // Width 8/0.5 = 8 taps after trimming, weights 0.5 cubic(0.5 d) for d = 3.5 .. -3.5.
        Bicubic.Taps t = Bicubic.weights(16, 8, 0.5);
        assertArrayEquals(new double[] {-0.01171875, -0.03515625, 0.11328125, 0.43359375,
                0.43359375, 0.11328125, -0.03515625, -0.01171875}, t.weights()[3], 0);
        assertEquals(-3, t.first()[0]);
        assertEquals(3, t.first()[3]);
    }

    @Test
    void constantImageStaysConstant() {
        for (double scale : new double[] {0.5, 0.25, 2, 4}) {
            float[] img = new float[3 * 8 * 12];
            java.util.Arrays.fill(img, 0.3f);
            float[] out = Bicubic.resize(img, 3, 8, 12, scale);
            for (float v : out) {
                assertEquals(0.3, v, EPS, "scale " + scale);
            }
        }
    }

    @Test
    void rampStaysLinearInTheInterior() {
        // A cubic of a = -0.5 reproduces linear functions; with symmetric taps so does the widened kernel. Input
        // column i (0-based) holds i, so output column x (1-based) holds u - 1 = x/scale + (1 - 1/scale)/2 - 1.
        checkRamp(16, 2, 3, 6);
        checkRamp(32, 4, 3, 6);
    }

    private static void checkRamp(int side, int factor, int firstInterior, int lastInterior) {
        float[] img = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img[y * side + x] = x;
            }
        }
        int out = side / factor;
        float[] r = Bicubic.resize(img, 1, side, side, 1.0 / factor);
        for (int y = 0; y < out; y++) {
            for (int x = firstInterior; x <= lastInterior; x++) {
                double u = (double) x * factor + 0.5 * (1 - factor);
                assertEquals(u - 1, r[y * out + x - 1], 1e-5, "x" + factor + " at column " + x);
            }
        }
    }

    @Test
    void impulseResponseOfTheTwoTimesDownscaleIsTheWidenedKernel() {
        // A 1 at 0-based (3, 3) of an 8x8 image. Output pixel x (1-based) samples u = 2x - 0.5 and weighs input
        // 1-based 4 by 0.5 cubic(0.5 (u - 4)): d = -2.5, -0.5, 1.5, 3.5 give -0.03515625, 0.43359375, 0.11328125,
        // -0.01171875 (the mirrored border taps never land on row 3). The 2-D response is the outer product.
        double[] r = {-0.03515625, 0.43359375, 0.11328125, -0.01171875};
        float[] img = new float[64];
        img[3 * 8 + 3] = 1;
        float[] out = Bicubic.resize(img, 1, 8, 8, 0.5);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(r[i] * r[j], out[i * 4 + j], 1e-7);
            }
        }
    }

    @Test
    void impulseResponseOfTheFourTimesDownscaleIsTheWidenedKernel() {
        // A 1 at 0-based (7, 7) of 16x16: output x samples u = 4x - 1.5, weight 0.25 cubic(0.25 (u - 8)). At
        // quarter steps the kernel sums to 4, so normalising changes nothing.
        float[] img = new float[256];
        img[7 * 16 + 7] = 1;
        float[] out = Bicubic.resize(img, 1, 16, 16, 0.25);
        double[] r = new double[4];
        for (int x = 1; x <= 4; x++) {
            r[x - 1] = 0.25 * Bicubic.cubic(0.25 * (4 * x - 1.5 - 8));
        }
        // 0.25 cubic(1.375) = 0.25 (-1.2998046875 + 4.7265625 - 5.5 + 2)
        assertEquals(-0.018310546875, r[0], 1e-12);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(r[i] * r[j], out[i * 4 + j], 1e-7);
            }
        }
    }

    @Test
    void downThenUpReturnsTheHrSize() {
        RgbImage hr = noise("hr", 24, 12, 1);
        for (int k : new int[] {2, 3, 4}) {
            RgbImage lr = Bicubic.downscale(hr, k);
            assertEquals("hrx" + k, lr.name());
            assertEquals(24 / k, lr.height());
            assertEquals(12 / k, lr.width());
            RgbImage up = Bicubic.upscale(lr, k);
            assertEquals(24, up.height());
            assertEquals(12, up.width());
        }
    }

    @Test
    void refusesAnHrSizeThatIsNotAMultipleOfTheScale() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bicubic.downscale(noise("odd", 25, 16, 2), 4));
        assertTrue(e.getMessage().contains("16x25 is not a multiple of the scale 4"), e.getMessage());
        assertEquals(24, noise("odd", 25, 16, 2).modCrop(4).height());
    }

    @Test
    void eightBitConstantSurvivesTheRoundTrip() {
        byte[] px = new byte[3 * 16 * 16];
        java.util.Arrays.fill(px, (byte) 200);
        RgbImage flat = new RgbImage("flat", 16, 16, px);
        RgbImage lr = Bicubic.downscale(flat, 4);
        assertTrue(allEqual(lr.rgb(), (byte) 200));
        assertTrue(allEqual(Bicubic.upscale(lr, 4).rgb(), (byte) 200));
    }

    @Test
    void eightBitValuesSurviveUnitFloats() {
        RgbImage img = noise("n", 7, 5, 3);
        assertEquals(img, RgbImage.fromUnitFloats("n", 7, 5, img.toUnitFloats()));
    }

    @Test
    void resizeRefusesAnImageSmallerThanTheMirroredBorder() {
        assertThrows(IllegalArgumentException.class, () -> Bicubic.resize(new float[4], 1, 2, 2, 0.25));
    }

    private static boolean allEqual(byte[] a, byte v) {
        for (byte b : a) {
            if (b != v) {
                return false;
            }
        }
        return true;
    }

    static RgbImage noise(String name, int h, int w, long seed) {
        byte[] px = new byte[3 * h * w];
        new java.util.SplittableRandom(seed).nextBytes(px);
        return new RgbImage(name, h, w, px);
    }
}
