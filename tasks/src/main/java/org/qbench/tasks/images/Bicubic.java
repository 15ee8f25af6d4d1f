package org.qbench.tasks.images;

/**
 * MATLAB-compatible bicubic resizing, as BasicSR's {@code imresize} ({@code basicsr/utils/matlab_functions.py})
 * computes it: the LR images of every BasicSR-style super-resolution benchmark are made this way.
 *
 * <ul>
 *   <li>Keys' cubic kernel with {@code a = -0.5}; when downscaling it is widened by {@code 1/scale} and its
 *       values multiplied by {@code scale} (MATLAB's antialiasing), so a kernel width of 4 becomes
 *       {@code 4/scale}.</li>
 *   <li>Output pixel {@code x} (1-based) samples input position {@code u = x/scale + (1 - 1/scale)/2};
 *       {@code P = ceil(width) + 2} taps start at {@code floor(u - width/2)}; each output pixel's weights are
 *       normalised to sum 1; then edge taps are dropped as BasicSR drops them (see {@link #weights}).</li>
 *   <li>Pixels beyond the border are mirrored with the edge pixel repeated ({@code ... b a | a b ...}).</li>
 *   <li>Height is resized first, then width; output size {@code ceil(size * scale)}.</li>
 * </ul>
 * Everything runs in double, where BasicSR uses float32, so a value can differ from it in the last float bits and,
 * rarely, an 8-bit result by one where the float lands next to a rounding tie.
 */
public final class Bicubic {

    private Bicubic() {}

    /** Keys' cubic convolution kernel with {@code a = -0.5} (BasicSR's {@code cubic}). */
    static double cubic(double x) {
        double ax = Math.abs(x);
        double ax2 = ax * ax;
        double ax3 = ax2 * ax;
        if (ax <= 1) {
            return 1.5 * ax3 - 2.5 * ax2 + 1;
        }
        if (ax <= 2) {
            return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
        }
        return 0;
    }

    /**
     * One axis's resampling: output pixel {@code i} is {@code sum_k weights[i][k] * in[first[i] + k]}, where
     * {@code first[i]} is 0-based and may lie outside {@code [0, inLength)} (mirrored there).
     */
    record Taps(int[] first, double[][] weights) {}

    /**
     * BasicSR's {@code calculate_weights_indices} with antialiasing on, indices made 0-based.
     *
     * <p>Its trimming is kept exactly, quirks included: if any output pixel has a zero weight in the first tap
     * column, the first <em>and</em> last columns are dropped ({@code narrow(1, 1, P - 2)}); otherwise, if any has a
     * zero in the last column, the last two are dropped ({@code narrow(1, 0, P - 2)}). For the integer scales of
     * super-resolution both end columns are all zero, so this only ever removes zeros.
     */
    static Taps weights(int inLength, int outLength, double scale) {
        double kernelWidth = scale < 1 ? 4 / scale : 4;
        int p = (int) Math.ceil(kernelWidth) + 2;
        int[] left = new int[outLength];
        double[][] w = new double[outLength][p];
        boolean zeroFirst = false;
        boolean zeroLast = false;
        for (int i = 0; i < outLength; i++) {
            double u = (i + 1) / scale + 0.5 * (1 - 1 / scale);
            left[i] = (int) Math.floor(u - kernelWidth / 2);
            double sum = 0;
            for (int k = 0; k < p; k++) {
                double d = u - (left[i] + k);
                w[i][k] = scale < 1 ? scale * cubic(d * scale) : cubic(d);
                sum += w[i][k];
            }
            for (int k = 0; k < p; k++) {
                w[i][k] /= sum;
            }
            zeroFirst |= w[i][0] == 0;
            zeroLast |= w[i][p - 1] == 0;
        }
        int from = zeroFirst ? 1 : 0;
        int taps = zeroFirst || zeroLast ? p - 2 : p;
        int[] first = new int[outLength];
        double[][] out = new double[outLength][];
        for (int i = 0; i < outLength; i++) {
            // left is a 1-based MATLAB index; subtract 1 for the 0-based array.
            first[i] = left[i] + from - 1;
            out[i] = java.util.Arrays.copyOfRange(w[i], from, from + taps);
        }
        return new Taps(first, out);
    }

    /**
     * Resizes a planar image by {@code scale} on both axes.
     *
     * @param chw {@code channels * height * width} values, CHW
     * @param scale the factor, e.g. {@code 0.25} for a x4 downscale or {@code 4} for a x4 upscale
     * @return {@code channels * ceil(height * scale) * ceil(width * scale)} values, CHW, not rounded or clamped
     * @throws IllegalArgumentException if the sizes do not match, the scale is not positive and finite, or the
     *     image is smaller than the border the kernel mirrors (BasicSR cannot resize it either)
     */
    public static float[] resize(float[] chw, int channels, int height, int width, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("bicubic resize: scale " + scale + " is not positive and finite");
        }
        if (channels < 1 || height < 1 || width < 1 || chw.length != (long) channels * height * width) {
            throw new IllegalArgumentException("bicubic resize: " + chw.length + " values for " + channels + "x"
                    + height + "x" + width);
        }
        int outH = (int) Math.ceil(height * scale);
        int outW = (int) Math.ceil(width * scale);
        Taps th = weights(height, outH, scale);
        Taps tw = weights(width, outW, scale);
        int[][] rows = mirroredIndices(th, height, "height");
        int[][] cols = mirroredIndices(tw, width, "width");
        // Height first, as BasicSR's imresize: out1 is channels x outH x width.
        double[] out1 = new double[channels * outH * width];
        double[] acc = new double[width];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < outH; i++) {
                java.util.Arrays.fill(acc, 0);
                double[] wi = th.weights()[i];
                for (int k = 0; k < wi.length; k++) {
                    double wk = wi[k];
                    int base = (c * height + rows[i][k]) * width;
                    for (int x = 0; x < width; x++) {
                        acc[x] += wk * chw[base + x];
                    }
                }
                System.arraycopy(acc, 0, out1, (c * outH + i) * width, width);
            }
        }
        float[] out = new float[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outH; y++) {
                int base = (c * outH + y) * width;
                int o = (c * outH + y) * outW;
                for (int j = 0; j < outW; j++) {
                    double[] wj = tw.weights()[j];
                    int[] cj = cols[j];
                    double s = 0;
                    for (int k = 0; k < wj.length; k++) {
                        s += wj[k] * out1[base + cj[k]];
                    }
                    out[o + j] = (float) s;
                }
            }
        }
        return out;
    }

    /**
     * Each tap's source index with BasicSR's symmetric padding: index {@code -1 - m} reads pixel {@code m},
     * index {@code n + m} reads {@code n - 1 - m}. BasicSR copies the padding out of the image itself, so it fails
     * when the padding is longer than the image; so does this.
     */
    private static int[][] mirroredIndices(Taps taps, int n, String axis) {
        int[][] idx = new int[taps.first().length][];
        for (int i = 0; i < idx.length; i++) {
            int len = taps.weights()[i].length;
            idx[i] = new int[len];
            for (int k = 0; k < len; k++) {
                int j = taps.first()[i] + k;
                if (j < -n || j >= 2 * n) {
                    throw new IllegalArgumentException("bicubic resize: " + axis + " " + n
                            + " is too small for the kernel's mirrored border (tap at " + j + ")");
                }
                idx[i][k] = j < 0 ? -1 - j : j >= n ? 2 * n - 1 - j : j;
            }
        }
        return idx;
    }

    /**
     * The LR image of the BasicSR protocol: an antialiased bicubic downscale by {@code 1/scale}, rounded to 8 bits
     * as the LR PNGs of published benchmarks are. Its name is the HR name with {@code x<scale>} appended
     * ({@code baby} becomes {@code babyx4}, as in DIV2K's {@code 0001x4.png}).
     *
     * @throws IllegalArgumentException if a side of {@code hr} is not a multiple of {@code scale}: crop it first
     *     with {@link RgbImage#modCrop}
     */
    public static RgbImage downscale(RgbImage hr, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("bicubic downscale of " + hr.name() + ": scale " + scale
                    + " is not positive");
        }
        if (hr.height() % scale != 0 || hr.width() % scale != 0) {
            throw new IllegalArgumentException("bicubic downscale of " + hr.name() + ": size " + hr.width() + "x"
                    + hr.height() + " is not a multiple of the scale " + scale + "; mod-crop it first");
        }
        int h = hr.height() / scale;
        int w = hr.width() / scale;
        float[] lr = resize(hr.toUnitFloats(), 3, hr.height(), hr.width(), 1.0 / scale);
        return RgbImage.fromUnitFloats(hr.name() + "x" + scale, h, w, lr);
    }

    /**
     * The bicubic baseline: an LR image upscaled by {@code scale}, rounded to 8 bits; named like the input with
     * {@code _bicubic} appended.
     */
    public static RgbImage upscale(RgbImage lr, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("bicubic upscale of " + lr.name() + ": scale " + scale
                    + " is not positive");
        }
        float[] sr = resize(lr.toUnitFloats(), 3, lr.height(), lr.width(), scale);
        return RgbImage.fromUnitFloats(lr.name() + "_bicubic", lr.height() * scale, lr.width() * scale, sr);
    }
}
