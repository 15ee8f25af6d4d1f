package org.qbench.methods.n2uq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qbench.methods.quant.Autograd.assertFinite;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.WithManager;

/**
 * N2UQ's quantizers: forward levels and threshold placement against the official definition, the G-STE
 * gradients (input, start, every interval length, scale1) against central finite differences of the
 * surrogate, scale2's gradient against the hard output, and the weight quantizer's levels and per-channel
 * normalisation.
 */
class N2uqQuantizerTest extends WithManager {

    /** The quantizer's definition in double precision: hard output and surrogate. */
    private record Ltq(double start, double[] a, double scale1, double scale2) {
        double d() {
            return 2.0 / a.length;
        }

        double hard(double x) {
            double u = scale1 * x;
            double t = start;
            int c = 0;
            for (double ai : a) {
                double len = Math.max(ai, N2uqActivationQuantizer.MIN_LENGTH);
                c += u > t + len / 2 ? 1 : 0;
                t += len;
            }
            return scale2 * c * d();
        }

        double soft(double x) {
            double u = scale1 * x;
            double t = start;
            double sum = 0;
            for (double ai : a) {
                double len = Math.max(ai, N2uqActivationQuantizer.MIN_LENGTH);
                sum += Math.min(Math.max((u - t) / len, 0), 1);
                t += len;
            }
            return scale2 * sum * d();
        }

        /** sum_j up_j * soft(x_j), the function whose gradient G-STE uses. */
        double objective(float[] x, float[] up) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += up[j] * soft(x[j]);
            }
            return s;
        }
    }

    private N2uqActivationQuantizer quantizer(int bits, Ltq p, int n) {
        N2uqActivationQuantizer q = new N2uqActivationQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, new Shape(n));
        float[] a = new float[p.a().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) p.a()[i];
        }
        q.set((float) p.start(), a, (float) p.scale1(), (float) p.scale2());
        return q;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void defaultThresholdsSitAtMidpointsOfAUniformGridOnZeroToTwo(int bits) {
        N2uqActivationQuantizer q = new N2uqActivationQuantizer(bits);
        int k = q.intervals();
        q.initialize(manager, DataType.FLOAT32, new Shape(4 * k + 2));
        double d = 2.0 / k;
        float[] x = new float[4 * k + 2];
        for (int i = 0; i <= k; i++) { // just below and just above every midpoint, and the levels themselves
            x[2 * i] = (float) ((i + 0.5) * d - 1e-3);
            x[2 * i + 1] = (float) ((i + 0.5) * d + 1e-3);
        }
        x[4 * k] = -0.5f;
        x[4 * k + 1] = 7f;
        float[] y = Autograd.run(q, manager, x, new Shape(x.length), new float[x.length], null).y();
        for (int i = 0; i <= k; i++) {
            assertEquals(i * d, y[2 * i], 1e-6, "below midpoint " + i);
            assertEquals(Math.min(i + 1, k) * d, y[2 * i + 1], 1e-6, "above midpoint " + i);
        }
        assertEquals(0f, y[4 * k], "below start: level 0");
        assertEquals(2f, y[4 * k + 1], 1e-6f, "above the last threshold: the top level 2");
        TreeSet<Float> levels = new TreeSet<>();
        for (float v : y) {
            levels.add(v);
        }
        assertEquals(k + 1, levels.size(), "uniform output levels 0, D, ..., 2");
    }

    private static float[] inputs(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2.6 - 0.3);
        }
        return x;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 5, 8}) // 5 and 8: the binary-search path
    void nonUniformForwardAndGsteGradientsMatchFiniteDifferences(int bits) {
        int k = (1 << bits) - 1;
        Random rnd = new Random(bits);
        double[] a = new double[k];
        for (int i = 0; i < k; i++) {
            a[i] = (0.3 + rnd.nextDouble()) * 2.0 / k;
        }
        a[k / 2] = 5e-4; // below the floor: uses 1e-3 and gets no gradient
        Ltq p = new Ltq(0.07, a, 1.3, 0.8);
        float[] x = inputs(301, 10 + bits);
        float[] up = inputs(301, 20 + bits);
        N2uqActivationQuantizer q = quantizer(bits, p, x.length);

        Pass pass = backward(q, x, up);
        float[] y = pass.y();
        float[] dx = pass.dx();
        double[] grads = new double[k + 3]; // start, a_0..a_{K-1}, scale1, scale2
        grads[0] = pass.grads().get("start")[0];
        float[] ga = pass.grads().get("a");
        for (int i = 0; i < k; i++) {
            grads[1 + i] = ga[i];
        }
        grads[k + 1] = pass.grads().get("scale1")[0];
        grads[k + 2] = pass.grads().get("scale2")[0];
        double h = 1e-6;
        for (int j = 0; j < x.length; j++) {
            assertEquals(p.hard(x[j]), y[j], 1e-5, "forward[" + j + "]");
            double fd = (p.soft(x[j] + h) - p.soft(x[j] - h)) / (2 * h) * up[j];
            assertEquals(fd, dx[j], 1e-3 * Math.max(1, Math.abs(fd)), "d/dx[" + j + "]");
        }
        assertEquals(central(p, x, up, -1, h), grads[0], 2e-3 * Math.max(1, Math.abs(grads[0])), "d/dstart");
        for (int i = 0; i < k; i++) {
            double expected = a[i] < N2uqActivationQuantizer.MIN_LENGTH ? 0 : central(p, x, up, i, h);
            assertEquals(expected, grads[1 + i], 2e-3 * Math.max(1, Math.abs(expected)), "d/da_" + i);
        }
        assertEquals(central(p, x, up, k, h), grads[k + 1], 2e-3 * Math.max(1, Math.abs(grads[k + 1])), "d/dscale1");
        double dScale2 = 0; // scale2 multiplies the forward value: its gradient is the hard output / scale2
        for (int j = 0; j < x.length; j++) {
            dScale2 += up[j] * p.hard(x[j]) / p.scale2();
        }
        assertEquals(dScale2, grads[k + 2], 1e-3 * Math.max(1, Math.abs(dScale2)), "d/dscale2");
        var exported = q.export(manager.create(x));
        for (int j = 0; j < x.length; j++) {
            assertEquals(Math.round(y[j] / exported.scales()[0]), exported.codes()[j], "exported code = forward level [" + j + "]");
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 4, 5, 8})
    void intervalSearchCountsThresholdsBelowEachValueIncludingTiesAndBothEnds(int bits) {
        int k = (1 << bits) - 1;
        Random rnd = new Random(bits);
        float[] t = new float[k];
        for (int i = 1; i < k; i++) {
            t[i] = t[i - 1] + 0.01f + rnd.nextFloat();
        }
        float[] u = new float[500];
        for (int e = 0; e < u.length; e++) {
            u[e] = e < k ? t[e] : (rnd.nextFloat() * 1.2f - 0.1f) * t[k - 1]; // exact ties first, then random
        }
        u[u.length - 1] = Float.MAX_VALUE;
        long[] j = N2uqActivationQuantizer.activeInterval(manager.create(u), t).toLongArray();
        for (int e = 0; e < u.length; e++) {
            int expected = 0;
            for (int i = 1; i < k; i++) {
                expected += u[e] > t[i] ? 1 : 0;
            }
            assertEquals(expected, j[e], "interval of u[" + e + "] = " + u[e]);
        }
    }

    /** Central difference of the surrogate objective in parameter {@code which}: -1 start, 0..K-1 a_i, K scale1. */
    private static double central(Ltq p, float[] x, float[] up, int which, double h) {
        return (perturbed(p, which, h).objective(x, up) - perturbed(p, which, -h).objective(x, up)) / (2 * h);
    }

    private static Ltq perturbed(Ltq p, int which, double h) {
        double[] a = p.a().clone();
        if (which >= 0 && which < a.length) {
            a[which] += h;
        }
        return new Ltq(p.start() + (which == -1 ? h : 0), a, p.scale1() + (which == a.length ? h : 0), p.scale2());
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4})
    void weightLevelsAreSymmetricWithoutZeroPerChannelWithAnUnclippedSte(int bits) {
        int l = (1 << bits) - 1;
        Random rnd = new Random(bits);
        float[] w = new float[2 * 50];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian() * (i < 50 ? 0.05f : 3f); // two channels, very different scales
        }
        float[] up = inputs(w.length, 5);
        N2uqWeightQuantizer q = new N2uqWeightQuantizer(bits);
        Shape shape = new Shape(2, 50);
        q.initialize(manager, DataType.FLOAT32, shape);
        Autograd.Result r = Autograd.run(q, manager, w, shape, up, null);
        double gamma = (double) l / (1 << (bits - 1));
        for (int o = 0; o < 2; o++) {
            double mean = 0;
            for (int i = 0; i < 50; i++) {
                mean += Math.abs(w[o * 50 + i]);
            }
            double sigma = gamma * mean / 50;
            TreeSet<Long> levels = new TreeSet<>();
            for (int i = 0; i < 50; i++) {
                int j = o * 50 + i;
                double c = Math.min(Math.max(w[j] / sigma, -1), 1);
                double q2 = 2.0 / l * Math.rint((c + 1) * l / 2) - 1;
                assertEquals(sigma * q2, r.y()[j], 1e-5 * sigma, "w_q[" + j + "]");
                assertEquals(up[j] / sigma, r.dx()[j], 1e-4 * Math.abs(up[j] / sigma), "unclipped STE, factor 1/sigma, [" + j + "]");
                long odd = Math.round(r.y()[j] / sigma * l);
                assertEquals(1, Math.abs(odd) % 2, "levels are odd multiples of sigma/L: no zero");
                levels.add(odd);
            }
            assertTrue(levels.size() <= l + 1);
        }
        var exported = q.export(manager.create(w, shape));
        for (int j = 0; j < w.length; j++) {
            assertEquals(r.y()[j], exported.codes()[j] * exported.scales()[j / 50], 1e-5 * Math.abs(r.y()[j]) + 1e-7);
        }
    }

    @Test
    void gammaMakesUniformWeightsFillEveryTwoBitLevelEqually() {
        Random rnd = new Random(1);
        float[] w = new float[40_000];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        N2uqWeightQuantizer q = new N2uqWeightQuantizer(2);
        q.initialize(manager, DataType.FLOAT32, new Shape(1, w.length));
        int[] codes = q.export(manager.create(w, new Shape(1, w.length))).codes();
        int[] counts = new int[4];
        for (int c : codes) {
            counts[(c + 3) / 2]++;
        }
        for (int n : counts) {
            assertEquals(10_000, n, 400, "entropy-preserving: about a quarter of the weights per level");
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void allZeroAndConstantWeightChannelsGiveFiniteValuesGradientsAndCodes(int bits) {
        int l = (1 << bits) - 1;
        float sigma0 = N2uqWeightQuantizer.MIN_SIGMA;
        // Round half to even at (0 + 1) L/2: 2^(n-1) for n > 1 (q = 1/L, code 1), 0 for n = 1 (q = -1, code -1).
        double q0 = bits == 1 ? -1 : 1.0 / l;
        Shape shape = new Shape(3, 4);
        float[] up = inputs(12, 7);
        float[][] tensors = {
            {0, 0, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f, -2, -2, -2, -2}, // a zero channel and two constant ones
            new float[12], // all zeros
        };
        for (float[] w : tensors) {
            N2uqWeightQuantizer q = new N2uqWeightQuantizer(bits);
            q.initialize(manager, DataType.FLOAT32, shape);
            Autograd.Result r = Autograd.run(q, manager, w, shape, up, null);
            assertFinite(r.y(), "w_q");
            assertFinite(r.dx(), "dw");
            var exported = q.export(manager.create(w, shape));
            assertFinite(exported.scales(), "scales");
            for (int j = 0; j < w.length; j++) {
                float sigma = Math.max(Math.abs(w[j]) * q.gamma(), sigma0); // constant channels: mean|W_o| = |w|
                assertEquals(sigma / l, exported.scales()[j / 4], 0f, "scale sigma_o / L, channel " + j / 4);
                assertEquals(up[j] / sigma, r.dx()[j], 1e-5 * Math.abs(up[j] / sigma), "unclipped STE, factor 1/sigma [" + j + "]");
                assertEquals(r.y()[j], exported.codes()[j] * exported.scales()[j / 4], 1e-6 * sigma, "code x scale = w_q[" + j + "]");
                if (w[j] == 0) {
                    assertEquals(sigma0 * q0, r.y()[j], 1e-6 * sigma0, "a zero channel quantizes to floor x q0 [" + j + "]");
                    assertEquals(bits == 1 ? -1 : 1, exported.codes()[j], "code of a zero channel [" + j + "]");
                }
            }
        }
    }

    /** Bit width x a collapsed length (0, negative) for every interval. */
    static Stream<Arguments> collapsedLengths() {
        return IntStream.rangeClosed(1, 8).boxed().flatMap(bits -> Stream.of(0f, -0.5f)
                .map(a -> Arguments.of(bits, a)));
    }

    @ParameterizedTest(name = "{0} bits, lengths {1}")
    @MethodSource("collapsedLengths")
    void collapsedIntervalLengthsAreFlooredWithFiniteValuesGradientsAndCodes(int bits, float length) {
        int k = (1 << bits) - 1;
        double[] a = new double[k];
        Arrays.fill(a, length);
        Ltq p = new Ltq(0, a, 1, 1); // every a~_i = 1e-3: thresholds 0, 1e-3, 2e-3, ..., jumps at their midpoints
        float[][] inputs = {
            {-1f, 0f, 2e-4f, 7e-4f, 3.1e-3f, 0.5f, 3f}, // none within 2e-4 of a jump
            new float[7], // all zeros
        };
        float[] up = {1, 2, 3, 4, 5, 6, 7};
        for (float[] x : inputs) {
            N2uqActivationQuantizer q = quantizer(bits, p, x.length);
            Pass pass = backward(q, x, up);
            float[] y = pass.y();
            float[] dx = pass.dx();
            Map<String, float[]> grads = pass.grads();
            assertFinite(y, "y");
            assertFinite(dx, "dx");
            assertEquals(Set.of("a", "scale1", "scale2", "start"), grads.keySet());
            grads.forEach((name, g) -> assertFinite(g, "d/d" + name));
            assertArrayEquals(new float[k], grads.get("a"), "lengths under the floor get no gradient");
            var exported = q.export(manager.create(x));
            assertFinite(exported.scales(), "scale");
            for (int j = 0; j < x.length; j++) {
                assertEquals(p.hard(x[j]), y[j], 1e-6, "forward[" + j + "] on the floored thresholds");
                assertEquals(Math.round(y[j] / exported.scales()[0]), exported.codes()[j], "exported code = forward level [" + j + "]");
            }
        }
    }

    /** One training-mode pass of {@code q} on {@code x}, backward from {@code sum(out * up)}. */
    private record Pass(float[] y, float[] dx, Map<String, float[]> grads) {}

    private Pass backward(N2uqActivationQuantizer q, float[] x, float[] up) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = scope.create(x);
            in.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = q.quantize(new ParameterStore(scope, false), in, true);
                gc.backward(out.mul(scope.create(up)).sum());
                Map<String, float[]> grads = new TreeMap<>();
                for (var param : q.getParameters()) {
                    grads.put(param.getKey(), param.getValue().getArray().getGradient().toFloatArray());
                }
                return new Pass(out.toFloatArray(), in.getGradient().toFloatArray(), grads);
            }
        }
    }
}
