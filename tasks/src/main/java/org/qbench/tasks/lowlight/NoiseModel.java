package org.qbench.tasks.lowlight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The ELD/LED physics-based noise model in digital numbers (DN) (see {@code reference/sr-lowlight.md} §5.1–5.3):
 *
 * <pre>D = K·Poisson(x/K) + N_read + N_row + N_q + bias_c,   x = clean·(white − black)/ratio</pre>
 *
 * as LED's {@code noise_generator.py}: shot noise {@code K·Poisson(x/K) − x} (variance K·x), read noise Tukey-λ
 * ({@code σ_TL·(p^λ − (1−p)^λ)/λ}, the logistic {@code σ_TL·log(p/(1−p))} at λ = 0) or Gaussian, one N(0, σ_r²)
 * row value per mosaic row and frame, quantisation U(−0.5, 0.5) DN, and a colour bias per CFA channel; then
 * black level added, rounded half to even, clipped to [0, white]. Per clip ({@link #drawClip}): camera uniformly
 * from the profiles, K log-uniform in its range, σ_TL (or Gaussian σ) and σ_r from the log-linear fits with their
 * residuals, λ uniform in the camera's range, the ratio uniformly from {@link #ratios()}, and each channel's colour
 * bias uniform in LED's virtual-camera range [−1.908, 4.081] DN (LED draws it per ISO from a calibrated table; we
 * have only the range). Per frame ({@link #noisyFrame}): fresh shot, read, row and quantisation noise.
 *
 * <p>Black 512 and white 15360 are LLRVD's (Sony α7R IV, 14-bit). The network input is
 * {@code (raw − black)/(white − black)·ratio} clipped to [0, 1] ({@link #toInput}); the target is the clean signal
 * normalised without the ratio.
 *
 * @param read which read-noise distribution
 * @param shot whether to add shot noise
 * @param row whether to add row noise
 * @param quantisation whether to add the uniform quantisation noise
 * @param colourBias whether to add the per-channel colour bias
 * @param black black level (DN)
 * @param white white (saturation) level (DN)
 * @param ratios exposure ratios drawn from, uniformly
 * @param cameras camera profiles drawn from, uniformly
 */
public record NoiseModel(ReadNoise read, boolean shot, boolean row, boolean quantisation, boolean colourBias,
        int black, int white, List<Integer> ratios, List<CameraProfile> cameras) {

    /** The read-noise distribution. */
    public enum ReadNoise {
        /** Tukey-λ (ELD's full model). */
        TUKEY_LAMBDA,
        /** Gaussian (ELD's P+G baseline), with its own log-linear fit. */
        GAUSSIAN,
        /** None (for tests of the other components). */
        NONE
    }

    /** LLRVD's exposure ratios. */
    public static final List<Integer> LLRVD_RATIOS = List.of(100, 125, 160, 200, 250, 320);
    /** LED's virtual-camera colour-bias range (DN). */
    public static final double BIAS_MIN = -1.908;
    /** Upper end of {@link #BIAS_MIN}'s range. */
    public static final double BIAS_MAX = 4.081;

    /** Checks the levels and lists. */
    public NoiseModel {
        ratios = List.copyOf(ratios);
        cameras = List.copyOf(cameras);
        if (black < 0 || white <= black || ratios.isEmpty() || cameras.isEmpty()
                || ratios.stream().anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("bad noise model: black " + black + ", white " + white + ", ratios "
                    + ratios + ", " + cameras.size() + " cameras");
        }
    }

    /** The full ELD model (Tukey-λ read noise, all components), LLRVD levels and ratios, the three ELD cameras. */
    public static NoiseModel standard() {
        return new NoiseModel(ReadNoise.TUKEY_LAMBDA, true, true, true, true, 512, 15360, LLRVD_RATIOS,
                CameraProfile.ELD);
    }

    /** This model with other ratios. */
    public NoiseModel withRatios(List<Integer> newRatios) {
        return new NoiseModel(read, shot, row, quantisation, colourBias, black, white, newRatios, cameras);
    }

    /** {@code white − black}: the DN of a clean value of 1. */
    public int range() {
        return white - black;
    }

    /** A one-line description that changes whenever a setting changes (hashed into the data's configuration). */
    public String describe() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "read=%s shot=%b row=%b quant=%b bias=%s[%.3f,%.3f] black=%d white=%d ratios=%s cameras=",
                read, shot, row, quantisation, colourBias, BIAS_MIN, BIAS_MAX, black, white, ratios));
        for (CameraProfile c : cameras) {
            sb.append(c).append(';');
        }
        return sb.toString();
    }

    /** Draws a clip's parameters with a ratio drawn from {@link #ratios()}. */
    public ClipNoise drawClip(RandomGenerator random) {
        return drawClip(ratios.get(random.nextInt(ratios.size())), random);
    }

    /** Draws a clip's parameters for a given ratio. */
    public ClipNoise drawClip(int ratio, RandomGenerator random) {
        CameraProfile cam = cameras.get(random.nextInt(cameras.size()));
        double k = cam.drawK(random);
        double sigmaRead = switch (read) {
            case TUKEY_LAMBDA -> cam.tukey().draw(k, random);
            case GAUSSIAN -> cam.gaussian().draw(k, random);
            case NONE -> 0;
        };
        double lambda = cam.drawLambda(random);
        double sigmaRow = cam.row().draw(k, random);
        List<Double> bias = new ArrayList<>(4);
        for (int c = 0; c < 4; c++) {
            bias.add(BIAS_MIN + (BIAS_MAX - BIAS_MIN) * random.nextDouble());
        }
        return new ClipNoise(cam.name(), ratio, k, sigmaRead, lambda, sigmaRow, bias);
    }

    /**
     * The noisy dark frame above black, before rounding and clipping: {@code x + noise} in DN, where
     * {@code x = clean·(white − black)/ratio}. Components this model switches off are left out.
     *
     * @param clean the clean mosaic, row-major {@code height x width}, normalised so 1 is white
     * @param cfa the mosaic's phase, which tells each site's packed channel for the colour bias
     */
    public double[] darkFrame(float[] clean, int height, int width, Cfa cfa, ClipNoise p, RandomGenerator random) {
        if (clean.length != (long) height * width) {
            throw new IllegalArgumentException("noise: " + clean.length + " values for " + height + "x" + width);
        }
        int[] channelAt = new int[4];
        for (int c = 0; c < 4; c++) {
            channelAt[2 * cfa.row(c) + cfa.col(c)] = c;
        }
        double scale = (double) range() / p.ratio();
        double[] out = new double[clean.length];
        double k = p.k();
        for (int y = 0; y < height; y++) {
            double rowValue = row ? p.sigmaRow() * random.nextGaussian() : 0;
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                double signal = clean[i] * scale;
                double v = shot ? k * Poisson.sample(signal / k, random) : signal;
                v += switch (read) {
                    case TUKEY_LAMBDA -> p.sigmaRead() * tukey(p.lambda(), random.nextDouble());
                    case GAUSSIAN -> p.sigmaRead() * random.nextGaussian();
                    case NONE -> 0;
                };
                v += rowValue;
                if (quantisation) {
                    v += random.nextDouble() - 0.5;
                }
                if (colourBias) {
                    v += p.colourBias().get(channelAt[2 * (y & 1) + (x & 1)]);
                }
                out[i] = v;
            }
        }
        return out;
    }

    /** The raw frame in DN: {@link #darkFrame} plus black, rounded half to even, clipped to [0, white]. */
    public short[] noisyFrame(float[] clean, int height, int width, Cfa cfa, ClipNoise p, RandomGenerator random) {
        double[] dark = darkFrame(clean, height, width, cfa, p, random);
        short[] out = new short[dark.length];
        for (int i = 0; i < dark.length; i++) {
            out[i] = (short) (int) Math.min(white, Math.max(0, Math.rint(dark[i] + black)));
        }
        return out;
    }

    /** The network input of one raw value (unsigned 16-bit DN): {@code (raw − black)/(white − black)·ratio} in [0, 1]. */
    public static float toInput(int raw, int black, int white, int ratio) {
        float v = (float) (raw - black) / (white - black) * ratio;
        return Math.min(1f, Math.max(0f, v));
    }

    /** The Tukey-λ quantile function at {@code p} (unit scale); the logistic quantile at λ = 0. */
    static double tukey(double lambda, double p) {
        double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
        if (Math.abs(lambda) < 1e-9) {
            return Math.log(q / (1 - q));
        }
        return (Math.pow(q, lambda) - Math.pow(1 - q, lambda)) / lambda;
    }

    /**
     * Variance of the unit-scale Tukey-λ distribution: {@code (2/λ²)(1/(1 + 2λ) − Γ(λ+1)²/Γ(2λ+2))}, and π²/3 at
     * λ = 0; finite for λ > −1/2.
     */
    static double tukeyVariance(double lambda) {
        if (Math.abs(lambda) < 1e-6) {
            return Math.PI * Math.PI / 3;
        }
        double g = Math.exp(2 * logGamma(lambda + 1) - logGamma(2 * lambda + 2));
        return 2 / (lambda * lambda) * (1 / (1 + 2 * lambda) - g);
    }

    /** log Γ(x) for x > 0 by Lanczos (g = 7, 9 terms; relative error about 1e-15). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
