package org.qbench.tasks.sr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.SubNetworks;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.Metric;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.images.Bicubic;
import org.qbench.tasks.images.RgbImage;
import org.qbench.tasks.metrics.ImageQuality;
import org.qbench.tasks.train.TrainingLoop;

/** The SR task on generated photographs: the protocol, the bicubic row, patches, the sub-network step, the cost. */
class SrTaskTest {

    @TempDir
    Path data;

    private SrTask task(int scale) {
        SrFixtures.write(data);
        return new SrTask(scale, new SrSource(data.resolve("cache"), s -> { }));
    }

    private static TaskContext context(String method, int bits, Path data) {
        return new TaskContext(Methods.builtIn().get(method), new MethodConfig(bits, FirstLastPrecision.FP32),
                Budget.SMOKE, 0, Optional.of(data), ProgressListener.NONE, OptionalInt.of(1), Optional.empty(), false);
    }

    /** Bicubic trains nothing and measures exactly the interpolation of each test image, by the protocol. */
    @Test
    void theBicubicRowIsTheInterpolationMeasuredOnY() {
        SrTask task = task(2);
        TaskOutcome o = task.run(context("bicubic", 32, data));
        assertEquals(0, o.training().steps());
        assertEquals(0, o.cost().params());
        SrSource.Pairs pairs = new SrSource(data.resolve("cache"), s -> { }).pairs(Optional.of(data), 2);
        double psnr = 0;
        for (SrSource.Pair p : pairs.tests().get("setA")) {
            psnr += ImageQuality.onLuma(Bicubic.upscale(p.lr(), 2), p.hr(), 2)[0];
        }
        Metric first = o.metrics().get(0);
        assertEquals("setA", first.subset());
        assertEquals("psnr", first.name());
        assertEquals(psnr / 2, first.value(), 1e-12);
        assertEquals(List.of("setA", "setA", "setB", "setB"), o.metrics().stream().map(Metric::subset).toList());
        assertEquals(64, o.images().get("sr").height(), "the preview is the whole 64-pixel image");
        assertEquals(o.images().get("hr").width(), o.images().get("sr").width());
    }

    /** Y-PSNR and SSIM of an image against itself are infinite and 1; a one-level change has the closed form. */
    @Test
    void qualityIsMeasuredOnTheLumaWithTheScaleCropped() {
        RgbImage a = SrFixtures.smooth("a", 40, 40, 3);
        double[] same = ImageQuality.onLuma(a, a, 4);
        assertEquals(Double.POSITIVE_INFINITY, same[0]);
        assertEquals(1.0, same[1], 1e-12);
        byte[] shifted = a.rgb().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (byte) (Byte.toUnsignedInt(shifted[i]) + 1);
        }
        // +1 on R, G and B moves Y by (65.481 + 128.553 + 24.966) / 255 = 219 / 255 of a level everywhere.
        double dy = 219.0 / 255;
        double expected = 10 * Math.log10(255.0 * 255 / (dy * dy));
        assertEquals(expected, ImageQuality.onLuma(new RgbImage("b", 40, 40, shifted), a, 4)[0], 1e-3);
        assertThrows(IllegalArgumentException.class, () -> ImageQuality.onLuma(a, a.crop(0, 0, 20, 20), 4));
    }

    /** BasicSR's augment: flips and the transpose move exactly the pixels they should. */
    @Test
    void patchesAreFlippedAndTransposedAsBasicSrAugments() {
        int n = 4;
        byte[] px = new byte[3 * n * n];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        RgbImage image = new RgbImage("idx", n, n, px);
        int size = 3;
        for (int flips = 0; flips < 8; flips++) {
            float[] out = new float[3 * size * size];
            SrTask.copyPatch(image, 1, 0, size, flips, out, 0);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        int a = (flips & 4) != 0 ? j : i;
                        int b = (flips & 4) != 0 ? i : j;
                        a = (flips & 2) != 0 ? size - 1 - a : a;
                        b = (flips & 1) != 0 ? size - 1 - b : b;
                        assertEquals(image.value(c, 1 + a, b) / 255f, out[(c * size + i) * size + j], "flips " + flips);
                    }
                }
            }
        }
        float[] plain = new float[3 * size * size];
        SrTask.copyPatch(image, 1, 0, size, 0, plain, 0);
        assertEquals(image.value(0, 1, 2) / 255f, plain[2], "no flip: (0, 2) of the window is (1, 2) of the image");
    }

    /** A method with sub-networks gets one loss per sub-network, weighted and summed, each after its select. */
    @Test
    void theSubNetworkStepSumsTheWeightedLossesOfEachSelection() {
        List<Integer> selected = new ArrayList<>();
        SubNetworks sub = new SubNetworks() {
            @Override
            public double[] forwards(int step, int steps) {
                return step == 0 ? new double[] {1} : new double[] {0.5, 0.25, 0.25};
            }

            @Override
            public void select(int forward) {
                selected.add(forward);
            }

            @Override
            public void selectForEvaluation() {
            }

            @Override
            public Map<String, Object> describe() {
                return Map.of();
            }
        };
        SrTask.SubNetworkStep step = new SrTask.SubNetworkStep(Loss.l1Loss(), Optional.of(sub), 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = EngineArrays.of(m, new float[] {0, 0}, new Shape(1, 2));
            TrainingLoop.Batch batch = new TrainingLoop.Batch(new NDList(target), new NDList(target));
            int[] calls = {0};
            java.util.function.UnaryOperator<NDList> forward = in -> {
                calls[0]++;
                return new NDList(EngineArrays.of(m, new float[] {calls[0], calls[0]}, new Shape(1, 2)));
            };
            assertEquals(1.0, step.loss(forward, batch).getFloat(), 1e-6);
            // Second step: losses 2, 3, 4 weighted 0.5, 0.25, 0.25.
            assertEquals(0.5 * 2 + 0.25 * 3 + 0.25 * 4, step.loss(forward, batch).getFloat(), 1e-6);
            assertEquals(List.of(0, 0, 1, 2), selected);
        }
    }

    /** Cost at a 256x256 output: the stem's MACs are those of a 3x3 conv over the 64x64 input of a x4 model. */
    @Test
    void costIsTakenAtTheFixedOutputSize() {
        SrTask x4 = new SrTask(4, new SrSource(data, s -> { }));
        CostBreakdown cost = x4.cost(Methods.builtIn().get("fp32"), new MethodConfig(32, FirstLastPrecision.FP32),
                Budget.QUICK);
        assertTrue(cost.model().contains("256"), cost.model());
        assertEquals(64L * 64 * 9 * 3 * 32, cost.layers().get(0).macs());
        CostBreakdown bicubic = x4.cost(Methods.builtIn().get("bicubic"), new MethodConfig(32, FirstLastPrecision.FP32),
                Budget.QUICK);
        assertTrue(bicubic.layers().isEmpty());
        assertEquals(0, bicubic.total().macs());
    }

    /** QuantSR's depths train through the task: three forwards per step after the switch, recorded in the recipe. */
    @Test
    void quantsrTrainsItsSubNetworksAndRecordsThem() {
        SrTask task = task(2);
        TaskOutcome o = task.run(context("quantsr", 2, data));
        assertTrue(Double.isFinite(o.training().finalLoss()));
        assertTrue(o.recipe().containsKey("sub_networks"), o.recipe().toString());
        assertFalse(o.images().isEmpty());
        for (Metric m : o.metrics()) {
            assertTrue(Double.isFinite(m.value()) && m.value() > 0, m.toString());
        }
    }

    /** Every method that applies to super-resolution trains the task with finite losses and metrics. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("srMethods")
    void everySuperResolutionMethodTrainsTheTaskFinitely(String method) {
        SrTask task = task(2);
        org.qbench.methods.QuantMethod m = Methods.builtIn().get(method);
        int bits = m.supportedBits().contains(2) ? 2 : 32;
        TaskOutcome o = task.run(context(method, bits, data));
        assertTrue(Double.isFinite(o.training().finalLoss()), method + ": " + o.training());
        for (Metric metric : o.metrics()) {
            assertTrue(Double.isFinite(metric.value()) && metric.value() > 0, method + ": " + metric);
        }
    }

    static java.util.stream.Stream<String> srMethods() {
        return Methods.builtIn().all().stream()
                .filter(m -> m.supportedTasks().contains(org.qbench.methods.TaskKind.SUPER_RESOLUTION))
                .map(org.qbench.methods.QuantMethod::id);
    }

    @Test
    void refusesAnUnsupportedScale() {
        assertThrows(IllegalArgumentException.class, () -> new SrTask(5, new SrSource(data, s -> { })));
    }
}
