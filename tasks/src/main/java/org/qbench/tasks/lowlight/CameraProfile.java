package org.qbench.tasks.lowlight;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A calibrated camera of ELD (Wei et al., CVPR 2020 / TPAMI 2021), decoded from ELD's released
 * {@code camera_params/release/*.npy} (see {@code reference/sr-lowlight.md} §5.2): the range of the system gain K
 * (DN per electron) over its ISO settings, the log-linear fits of the Tukey-λ read-noise scale, the row-noise
 * scale and the Gaussian read-noise scale against K, and the range of the Tukey-λ shape. ELD lists λ per ISO; those
 * per-ISO lists are not available to qbench, so λ is drawn uniformly in the listed range, independently of K.
 *
 * @param name an id for result files
 * @param kMin smallest system gain K (DN/e⁻)
 * @param kMax largest system gain K
 * @param tukey scale σ_TL of the Tukey-λ read noise
 * @param row scale σ_r of the row noise
 * @param gaussian scale σ of the Gaussian read noise (ELD's P+G baseline)
 * @param lambdaMin smallest Tukey-λ shape
 * @param lambdaMax largest Tukey-λ shape
 */
public record CameraProfile(String name, double kMin, double kMax, LogLinear tukey, LogLinear row,
        LogLinear gaussian, double lambdaMin, double lambdaMax) {

    /**
     * {@code log σ = slope·log K + bias + ε}, {@code ε ~ N(0, residual²)}, natural logarithms.
     *
     * @param slope a
     * @param bias b
     * @param residual σ̂, the standard deviation of the fit's residual
     */
    public record LogLinear(double slope, double bias, double residual) {

        /** The scale for gain {@code k} with a fresh residual. */
        public double draw(double k, RandomGenerator random) {
            return Math.exp(slope * Math.log(k) + bias + residual * random.nextGaussian());
        }

        /** The scale for gain {@code k} without residual (the fit's median). */
        public double median(double k) {
            return Math.exp(slope * Math.log(k) + bias);
        }
    }

    /** Sony A7S2. */
    public static final CameraProfile SONY_A7S2 = new CameraProfile("SonyA7S2", 0.0939, 6.0106,
            new LogLinear(0.4621, 0.5657, 0.2634), new LogLinear(0.5275, -0.5917, 0.2943),
            new LogLinear(0.5407, 1.2182, 0.2675), -0.143, 0.129);
    /** Nikon D850 (ELD's profile 1). */
    public static final CameraProfile NIKON_D850 = new CameraProfile("NikonD850", 0.415, 26.5625,
            new LogLinear(0.4774, -0.0904, 0.2392), new LogLinear(0.4483, -1.7977, 0.2322),
            new LogLinear(0.5635, 0.7994, 0.2141), -0.243, -0.100);
    /** Canon EOS 70D. */
    public static final CameraProfile CANON_EOS70D = new CameraProfile("CanonEOS70D", 0.4075, 26.0798,
            new LogLinear(0.4868, 1.4643, 0.3820), new LogLinear(0.7292, -0.9371, 0.2502),
            new LogLinear(0.5681, 1.9983, 0.2487), -0.171, 0.143);

    /** The three ELD cameras, in a fixed order. */
    public static final List<CameraProfile> ELD = List.of(SONY_A7S2, NIKON_D850, CANON_EOS70D);

    /** Checks the ranges. */
    public CameraProfile {
        if (!(kMin > 0 && kMax >= kMin && lambdaMax >= lambdaMin && lambdaMin > -0.5)) {
            throw new IllegalArgumentException("camera " + name + ": bad ranges K [" + kMin + ", " + kMax
                    + "], λ [" + lambdaMin + ", " + lambdaMax + "]");
        }
    }

    /** K drawn log-uniformly in [kMin, kMax], as ELD/LED draw the system gain. */
    public double drawK(RandomGenerator random) {
        return Math.exp(Math.log(kMin) + (Math.log(kMax) - Math.log(kMin)) * random.nextDouble());
    }

    /** λ drawn uniformly in [lambdaMin, lambdaMax]. */
    public double drawLambda(RandomGenerator random) {
        return lambdaMin + (lambdaMax - lambdaMin) * random.nextDouble();
    }

    /**
     * The profile called {@code name} among {@link #ELD} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known ones
     */
    public static CameraProfile byName(String name) {
        for (CameraProfile p : ELD) {
            if (p.name.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown camera '" + name + "'; known: SonyA7S2, NikonD850, CanonEOS70D");
    }
}
