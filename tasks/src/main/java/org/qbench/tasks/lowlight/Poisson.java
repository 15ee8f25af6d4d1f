package org.qbench.tasks.lowlight;

import java.util.random.RandomGenerator;

/**
 * Exact Poisson sampling from a seeded generator: Knuth's multiplication method below a mean of 10, Hörmann's
 * transformed rejection with squeeze (PTRS, 1993, as NumPy's {@code random_poisson_ptrs}) from 10 on. Both are exact,
 * so no normal approximation is needed; PTRS takes about 1.2 uniform pairs per sample whatever the mean.
 */
final class Poisson {

    /** Mean from which PTRS is used (it is valid from 10 on). */
    static final double PTRS_FROM = 10;

    private static final double[] LOG_FACTORIAL = new double[16];

    static {
        for (int i = 1; i < LOG_FACTORIAL.length; i++) {
            LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
        }
    }

    private Poisson() {}

    /** A Poisson(mean) sample; 0 for a mean ≤ 0. */
    static long sample(double mean, RandomGenerator random) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean < PTRS_FROM) {
            double limit = Math.exp(-mean);
            double prod = random.nextDouble();
            long k = 0;
            while (prod > limit) {
                prod *= random.nextDouble();
                k++;
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double loglam = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * loglam - logFactorial(k)) {
                return k;
            }
        }
    }

    /** log(k!) exactly from a table below 16, by Stirling's series (error below 1e-10) above. */
    static double logFactorial(long k) {
        if (k < LOG_FACTORIAL.length) {
            return LOG_FACTORIAL[(int) k];
        }
        double x = k + 1.0;
        double x2 = x * x;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x2)
                + 1 / (1260 * x2 * x2 * x);
    }
}
