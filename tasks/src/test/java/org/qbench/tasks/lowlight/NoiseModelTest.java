package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.qbench.tasks.lowlight.NoiseModel.ReadNoise;

class NoiseModelTest {

    private static final int H = 256;
    private static final int W = 256;

    private static NoiseModel only(ReadNoise read, boolean shot, boolean row, boolean quant, boolean bias) {
        return new NoiseModel(read, shot, row, quant, bias, 512, 15360, List.of(100), CameraProfile.ELD);
    }

    private static ClipNoise clip(double k, double sigmaRead, double lambda, double sigmaRow) {
        return new ClipNoise("test", 100, k, sigmaRead, lambda, sigmaRow, List.of(-1.5, 0.25, 2.0, 3.75));
    }

    private static float[] flat(float v) {
        float[] f = new float[H * W];
        Arrays.fill(f, v);
        return f;
    }

    private static double[] meanVar(double[] d) {
        double m = Arrays.stream(d).average().orElseThrow();
        double v = Arrays.stream(d).map(x -> (x - m) * (x - m)).sum() / (d.length - 1);
        return new double[] {m, v};
    }

    @Test
    void shotNoiseHasMeanXAndVarianceKx() {
        for (double k : new double[] {0.1, 1.3, 20}) {
            for (float clean : new float[] {0.05f, 0.5f}) {
                double x = clean * 14848.0 / 100;
                double[] d = only(ReadNoise.NONE, true, false, false, false)
                        .darkFrame(flat(clean), H, W, Cfa.RGGB, clip(k, 0, 0, 0), new SplittableRandom(1));
                double[] mv = meanVar(d);
                assertEquals(x, mv[0], 4 * Math.sqrt(k * x / d.length) + 1e-9, "mean, K " + k);
                assertEquals(k * x, mv[1], 0.03 * k * x, "variance, K " + k + ", x " + x);
            }
        }
    }

    @Test
    void poissonSamplerMatchesMeanAndVarianceOnBothBranches() {
        SplittableRandom r = new SplittableRandom(5);
        for (double mean : new double[] {0.3, 4, 9.99, 10, 37.5, 1800}) {
            int n = 200_000;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                long k = Poisson.sample(mean, r);
                s += k;
                s2 += (double) k * k;
            }
            double m = s / n;
            double v = s2 / n - m * m;
            assertEquals(mean, m, 5 * Math.sqrt(mean / n), "mean " + mean);
            assertEquals(mean, v, 0.02 * mean, "variance at mean " + mean);
        }
    }

    @Test
    void tukeyReadNoiseVarianceMatchesItsClosedForm() {
        assertEquals(Math.PI * Math.PI / 3, NoiseModel.tukeyVariance(0), 1e-12);
        // λ = 1 is uniform on [−1, 1]: variance 1/3; λ = 0.5: 2/λ²(1/2 − Γ(1.5)²/Γ(3)) = 8(0.5 − π/8).
        assertEquals(1.0 / 3, NoiseModel.tukeyVariance(1), 1e-12);
        assertEquals(8 * (0.5 - Math.PI / 8), NoiseModel.tukeyVariance(0.5), 1e-12);
        for (double lambda : new double[] {-0.243, -0.1, 0, 0.129}) {
            double sigma = 2.5;
            double[] d = only(ReadNoise.TUKEY_LAMBDA, false, false, false, false)
                    .darkFrame(flat(0), H, W, Cfa.RGGB, clip(1, sigma, lambda, 0), new SplittableRandom(2));
            double[] mv = meanVar(d);
            double expected = sigma * sigma * NoiseModel.tukeyVariance(lambda);
            assertEquals(0, mv[0], 5 * Math.sqrt(expected / d.length), "mean at λ " + lambda);
            // Negative λ has heavy tails: allow a wider band there.
            assertEquals(expected, mv[1], (lambda < 0 ? 0.06 : 0.03) * expected, "variance at λ " + lambda);
        }
    }

    @Test
    void gaussianReadNoiseHasVarianceSigmaSquared() {
        double[] d = only(ReadNoise.GAUSSIAN, false, false, false, false)
                .darkFrame(flat(0), H, W, Cfa.RGGB, clip(1, 3.2, 0, 0), new SplittableRandom(3));
        double[] mv = meanVar(d);
        assertEquals(0, mv[0], 0.05);
        assertEquals(3.2 * 3.2, mv[1], 0.03 * 3.2 * 3.2);
    }

    @Test
    void rowNoiseIsConstantAlongARowWithVarianceSigmaRowSquaredAcrossRows() {
        int h = 4096;
        int w = 16;
        double sigma = 1.7;
        float[] zero = new float[h * w];
        double[] d = only(ReadNoise.NONE, false, true, false, false)
                .darkFrame(zero, h, w, Cfa.RGGB, clip(1, 0, 0, sigma), new SplittableRandom(4));
        double[] rows = new double[h];
        for (int y = 0; y < h; y++) {
            for (int x = 1; x < w; x++) {
                assertEquals(d[y * w], d[y * w + x], 0.0, "row " + y);
            }
            rows[y] = d[y * w];
        }
        double[] mv = meanVar(rows);
        assertEquals(0, mv[0], 5 * sigma / Math.sqrt(h));
        assertEquals(sigma * sigma, mv[1], 0.08 * sigma * sigma);
    }

    @Test
    void quantisationNoiseIsUniformWithVarianceOneTwelfth() {
        double[] d = only(ReadNoise.NONE, false, false, true, false)
                .darkFrame(flat(0), H, W, Cfa.RGGB, clip(1, 0, 0, 0), new SplittableRandom(5));
        double[] mv = meanVar(d);
        assertTrue(Arrays.stream(d).allMatch(v -> v >= -0.5 && v <= 0.5));
        assertEquals(0, mv[0], 0.005);
        assertEquals(1.0 / 12, mv[1], 0.01 / 12);
    }

    @Test
    void colourBiasFollowsThePackedChannelForEveryPhase() {
        ClipNoise p = clip(1, 0, 0, 0);
        for (Cfa cfa : Cfa.values()) {
            double[] d = only(ReadNoise.NONE, false, false, false, true)
                    .darkFrame(new float[16], 4, 4, cfa, p, new SplittableRandom(6));
            float[] packed = Bayer.pack(toFloat(d), 4, 4, cfa);
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(p.colourBias().get(c), packed[c * 4 + i], 1e-6, cfa + " channel " + c);
                }
            }
        }
    }

    @Test
    void digitisedFramesAddBlackRoundAndClip() {
        NoiseModel m = NoiseModel.standard();
        short[] raw = m.noisyFrame(flat(0), H, W, Cfa.RGGB, clip(1, 2, 0.1, 0.5), new SplittableRandom(7));
        for (short s : raw) {
            int v = s & 0xFFFF;
            assertTrue(v >= 0 && v <= 15360);
        }
        double mean = 0;
        for (short s : raw) {
            mean += s & 0xFFFF;
        }
        mean /= raw.length;
        // Mean of the colour bias (−1.5, 0.25, 2, 3.75) is 1.125 DN above black.
        assertEquals(512 + 1.125, mean, 0.1);
        assertEquals(0f, NoiseModel.toInput(400, 512, 15360, 100));
        assertEquals(1f, NoiseModel.toInput(15360, 512, 15360, 100));
        assertEquals(100f * 148.48f / 14848, NoiseModel.toInput(512 + 148, 512, 15360, 100), 0.01f);
    }

    @Test
    void clipParametersAreDrawnOnceAndFramesAreIndependent() {
        NoiseModel m = NoiseModel.standard();
        ClipNoise a = m.drawClip(new SplittableRandom(11));
        ClipNoise b = m.drawClip(new SplittableRandom(11));
        assertEquals(a, b);
        assertTrue(NoiseModel.LLRVD_RATIOS.contains(a.ratio()));
        CameraProfile cam = CameraProfile.byName(a.camera());
        assertTrue(a.k() >= cam.kMin() && a.k() <= cam.kMax());
        assertTrue(a.lambda() >= cam.lambdaMin() && a.lambda() <= cam.lambdaMax());
        a.colourBias().forEach(v -> assertTrue(v >= NoiseModel.BIAS_MIN && v <= NoiseModel.BIAS_MAX));
        SplittableRandom frames = new SplittableRandom(12);
        double[] f0 = m.darkFrame(flat(0.3f), H, W, Cfa.RGGB, a, frames);
        double[] f1 = m.darkFrame(flat(0.3f), H, W, Cfa.RGGB, a, frames);
        assertNotEquals(Arrays.hashCode(f0), Arrays.hashCode(f1));
        double[] m0 = meanVar(f0);
        double[] m1 = meanVar(f1);
        double cov = 0;
        for (int i = 0; i < f0.length; i++) {
            cov += (f0[i] - m0[0]) * (f1[i] - m1[0]);
        }
        double corr = cov / (f0.length - 1) / Math.sqrt(m0[1] * m1[1]);
        assertTrue(Math.abs(corr) < 0.05, "frame correlation " + corr);
        // Same seed, same frame.
        assertEquals(Arrays.hashCode(m.darkFrame(flat(0.3f), H, W, Cfa.RGGB, a, new SplittableRandom(12))),
                Arrays.hashCode(f0));
    }

    @Test
    void logGammaMatchesKnownValues() {
        assertEquals(0, NoiseModel.logGamma(1), 1e-13);
        assertEquals(Math.log(Math.sqrt(Math.PI)), NoiseModel.logGamma(0.5), 1e-13);
        assertEquals(Math.log(120), NoiseModel.logGamma(6), 1e-12);
        assertEquals(Math.log(3628800), Poisson.logFactorial(10), 1e-12);
        assertEquals(NoiseModel.logGamma(41), Poisson.logFactorial(40), 1e-9);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
