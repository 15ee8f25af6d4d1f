package org.qbench.methods.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.WithManager;

/**
 * BRVE's blocks against values computed by hand: LearnableBias and RPReLU (values and gradients), DACA (kernel size
 * rule, shapes, the three statistics with the unbiased variance, the 1-D conv across channels), DABC with and without
 * DACA, and the blocks around real binary, float and LSQ convs.
 */
class BinaryBlocksTest extends WithManager {

    private float[] forward(Block block, float[] x, Shape shape) {
        block.initialize(manager, DataType.FLOAT32, shape);
        return block.forward(new ParameterStore(manager, false), new NDList(manager.create(x, shape)), false)
                .singletonOrThrow().toFloatArray();
    }

    private static void set(Block block, String parameter, float... values) {
        EngineArrays.assign(block.getParameters().get(parameter).getArray(), values);
    }

    /** The child block of {@code type} (DJL prefixes child names with their index). */
    private static Block child(Block parent, Class<? extends Block> type) {
        return parent.getChildren().values().stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    private static float[] gradient(Block block, String parameter) {
        return block.getParameters().get(parameter).getArray().getGradient().toFloatArray();
    }

    /** Forward and backward of {@code sum(block(x) * upstream)} in training mode; returns {y, dx}. */
    private float[][] train(Block block, float[] x, Shape shape, float[] upstream) {
        NDArray in = manager.create(x, shape);
        in.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(manager, false), new NDList(in), true).singletonOrThrow();
            gc.backward(y.mul(manager.create(upstream, y.getShape())).sum());
            return new float[][] {y.toFloatArray(), in.getGradient().toFloatArray()};
        }
    }

    @Test
    void learnableBiasAddsAPerChannelBetaThatStartsAtZero() {
        LearnableBias b = new LearnableBias(2);
        Shape shape = new Shape(1, 2, 1, 2);
        float[] x = {1, 2, 3, 4};
        assertArrayEquals(x, forward(b, x, shape), 0f);
        set(b, "beta", 0.5f, -1f);
        float[][] r = train(b, x, shape, new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {1.5f, 2.5f, 2, 3}, r[0], 0f);
        assertArrayEquals(new float[] {1, 2, 3, 4}, r[1], 0f);
        assertArrayEquals(new float[] {3, 7}, gradient(b, "beta"), 0f);
    }

    @Test
    void rpreluShiftsActivatesAndShiftsPerChannel() {
        Rprelu p = new Rprelu(2);
        Shape shape = new Shape(1, 2, 1, 2);
        float[] x = {-1, 0.5f, -2, 3};
        // Init: gamma = zeta = 0, slope 0.25: a plain PReLU.
        assertArrayEquals(new float[] {-0.25f, 0.5f, -0.5f, 3}, forward(p, x, shape), 1e-7f);
        set(p, "gamma", 0.5f, 0f);
        set(p, "zeta", 0.1f, -1f);
        set(p, "slope", 0.25f, 0.5f);
        float[][] r = train(p, x, shape, new float[] {1, 1, 2, 1});
        // channel 0: v = {-0.5, 1} -> {-0.125, 1} + 0.1; channel 1: v = {-2, 3} -> {-1, 3} - 1
        assertArrayEquals(new float[] {-0.025f, 1.1f, -2, 2}, r[0], 1e-6f);
        assertArrayEquals(new float[] {0.25f, 1, 1, 1}, r[1], 1e-7f);
        assertArrayEquals(new float[] {1.25f, 2}, gradient(p, "gamma"), 1e-6f);
        assertArrayEquals(new float[] {-0.5f, -4}, gradient(p, "slope"), 1e-6f);
        assertArrayEquals(new float[] {2, 3}, gradient(p, "zeta"), 0f);
    }

    @ParameterizedTest(name = "C={0}: k={1}")
    @CsvSource({"1, 1", "2, 1", "4, 1", "7, 1", "8, 3", "24, 3", "48, 3", "96, 3", "127, 3", "128, 5"})
    void dacaKernelFollowsTheEcaRule(int channels, int kernel) {
        assertEquals(kernel, Daca.kernelSize(channels));
        Daca d = new Daca(channels);
        d.initialize(manager, DataType.FLOAT32, new Shape(2, channels, 3, 3));
        NDArray w = d.getParameters().get("weight").getArray();
        assertEquals(new Shape(1, 3, kernel), w.getShape());
        float bound = (float) (1 / Math.sqrt(3 * kernel));
        for (float v : w.toFloatArray()) {
            assertTrue(Math.abs(v) <= bound, "PyTorch Conv1d init bound " + bound + ", got " + v);
        }
    }

    @Test
    void dacaWeighsChannelsByTheirStatisticsWithUnbiasedVariance() {
        Daca d = new Daca(2); // k = 1: each channel's own three statistics
        Shape shape = new Shape(1, 2, 1, 3);
        d.initialize(manager, DataType.FLOAT32, shape);
        set(d, "weight", 0.5f, -1f, 0.25f);
        float[] y = forward(d, new float[] {1, 2, 3, -1, 0, 4}, shape);
        // channel 0: mean|x| 2, mean 2, var (1 + 0 + 1)/2 = 1; channel 1: 5/3, 1, (4 + 1 + 9)/2 = 7
        double l0 = 0.5 * 2 - 2 + 0.25 * Math.sqrt(1 + 1e-6);
        double l1 = 0.5 * 5 / 3 - 1 + 0.25 * Math.sqrt(7 + 1e-6);
        assertArrayEquals(new float[] {sigmoid(l0), sigmoid(l1)}, y, 1e-6f);
        assertArrayEquals(new long[] {1, 2, 1, 1}, d.getOutputShapes(new Shape[] {shape})[0].getShape());
        assertThrows(IllegalArgumentException.class, () -> forward(new Daca(2), new float[] {1, 2}, new Shape(1, 2, 1, 1)));
    }

    @Test
    void dacasOneDimensionalConvMixesNeighbouringChannelsWithZeroPadding() {
        int n = 2;
        int c = 8;
        int hw = 4;
        Random rnd = new Random(3);
        float[] x = new float[n * c * hw];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        Daca d = new Daca(c);
        Shape shape = new Shape(n, c, 2, 2);
        float[] y = forward(d, x, shape);
        float[] w = d.getParameters().get("weight").getArray().toFloatArray(); // (1, 3, 3)
        for (int s = 0; s < n; s++) {
            double[][] stats = new double[3][c];
            for (int ch = 0; ch < c; ch++) {
                double sum = 0;
                double abs = 0;
                for (int i = 0; i < hw; i++) {
                    float v = x[(s * c + ch) * hw + i];
                    sum += v;
                    abs += Math.abs(v);
                }
                double mean = sum / hw;
                double ss = 0;
                for (int i = 0; i < hw; i++) {
                    double dv = x[(s * c + ch) * hw + i] - mean;
                    ss += dv * dv;
                }
                stats[0][ch] = abs / hw;
                stats[1][ch] = mean;
                stats[2][ch] = Math.sqrt(ss / (hw - 1) + 1e-6);
            }
            for (int ch = 0; ch < c; ch++) {
                double logit = 0;
                for (int i = 0; i < 3; i++) {
                    for (int t = 0; t < 3; t++) {
                        int src = ch + t - 1;
                        logit += src < 0 || src >= c ? 0 : w[i * 3 + t] * stats[i][src];
                    }
                }
                assertEquals(sigmoid(logit), y[s * c + ch], 1e-5f, "sample " + s + " channel " + ch);
            }
        }
    }

    private static float sigmoid(double v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }

    private static Block identity() {
        return LambdaBlock.singleton(a -> a);
    }

    @Test
    void dabcAddsTheRpreluOfTheAttendedConvToItsInput() {
        Shape shape = new Shape(1, 2, 1, 3);
        float[] x = {1, 2, 3, -1, 0, 4};
        Dabc plain = new Dabc(2, identity(), false);
        float[] y = forward(plain, x, shape);
        // beta = 0, conv = identity, PReLU slope 0.25: y = x + prelu(x)
        assertArrayEquals(new float[] {2, 4, 6, -1.25f, 0, 8}, y, 1e-6f);

        Dabc dabc = new Dabc(2, identity());
        dabc.initialize(manager, DataType.FLOAT32, shape);
        set(child(dabc, Daca.class), "weight", 0.5f, -1f, 0.25f);
        set(child(dabc, LearnableBias.class), "beta", 1f, 0f);
        float[] yd = forward(dabc, x, shape);
        // x~ = {2, 3, 4 | -1, 0, 4}: channel 0 stats 3, 3, var 1; channel 1 as before
        float a0 = sigmoid(0.5 * 3 - 3 + 0.25 * Math.sqrt(1 + 1e-6));
        float a1 = sigmoid(0.5 * 5 / 3 - 1 + 0.25 * Math.sqrt(7 + 1e-6));
        float[] expected = {1 + a0 * 2, 2 + a0 * 3, 3 + a0 * 4, -1 + 0.25f * (a1 * -1), 0, 4 + a1 * 4};
        assertArrayEquals(expected, yd, 1e-6f);
        assertTrue(dabc.hasDaca());
        assertEquals(false, plain.hasDaca());
    }

    /** A DABC around a conv from each kind of factory trains: right shape, finite gradients to its input. */
    @ParameterizedTest
    @CsvSource({"brve, 1", "fp32, 32", "lsq, 4", "react, 1"})
    void dabcWorksAroundEveryMethodsConv(String method, int bits) {
        LayerFactory layers = Methods.builtIn().get(method).layers(new MethodConfig(bits, FirstLastPrecision.FP32));
        Block conv = layers.conv2d(ConvSpec.of(4, 3, LayerRole.BODY).withPadding(1).withSignedInput(true));
        Dabc block = new Dabc(4, conv);
        Shape shape = new Shape(2, 4, 6, 6);
        block.initialize(manager, DataType.FLOAT32, shape);
        float[] x = new float[(int) shape.size()];
        Random rnd = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        // One inference pass first, as a task's calibration batch: LSQ initialises its steps from it.
        block.forward(new ParameterStore(manager, false), new NDList(manager.create(x, shape)), false);
        float[][] r = train(block, x, shape, x);
        assertEquals(x.length, r[0].length);
        Autograd.assertFinite(r[0], method + " y");
        Autograd.assertFinite(r[1], method + " dx");
        Autograd.assertFinite(gradient(child(block, Daca.class), "weight"), method + " daca");
    }

    @Test
    void fusionAndDownSamplingChangeChannelsAndAddTheirFloatShortcut() {
        LayerFactory layers = Methods.builtIn().get("brve").layers(new MethodConfig(1, FirstLastPrecision.FP32));
        Shape shape = new Shape(1, 6, 4, 4);
        float[] x = new float[(int) shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) - 3f;
        }
        BinaryFusion fusion = new BinaryFusion(layers.conv2d(ConvSpec.of(4, 3, LayerRole.BODY).withPadding(1)),
                layers.conv2d(ConvSpec.of(4, 1, LayerRole.SKIP).withBias(true)), 6, 4);
        assertEquals(new Shape(1, 4, 4, 4), fusion.getOutputShapes(new Shape[] {shape})[0]);
        assertEquals(64, forward(fusion, x, shape).length);

        BinaryDown down = new BinaryDown(
                layers.conv2d(ConvSpec.of(8, 3, LayerRole.BODY).withStride(2).withPadding(1).withBias(true)),
                layers.conv2d(ConvSpec.of(8, 1, LayerRole.SKIP).withBias(true)), 6, 8);
        assertEquals(8 * 2 * 2, forward(down, x, shape).length);
        assertThrows(IllegalArgumentException.class, () -> new BinaryDown(identity(), identity(), 6, 6)
                .initialize(manager, DataType.FLOAT32, new Shape(1, 6, 3, 4)));

        // With zero main-path convs and identity shortcuts the output is the shortcut: pooled x for BinaryDown.
        BinaryDown pooled = new BinaryDown(LambdaBlock.singleton(a -> a.get(":, :, ::2, ::2").zerosLike()),
                identity(), 1, 1);
        float[] y = forward(pooled, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                new Shape(1, 1, 4, 4));
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, y, 1e-6f);
        assertInstanceOf(BinaryFusion.class, fusion);
    }
}
