package org.qbench.methods.quantsr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.ScaledResidualRequest;
import org.qbench.methods.SubNetworks;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.WithManager;

/**
 * QuantSR's depth-dynamic architecture: the block's forward (full and skipped), the schedule's stages, loss weights,
 * ranking by the shortcut scales and kept counts, weight sharing across the three depths, and the evaluation depth.
 */
class DqaTest extends WithManager {

    private static final int CHANNELS = 4;

    private static LayerFactory layers(QuantsrOptions options) {
        return Methods.builtIn().get("quantsr").layers(new MethodConfig(4, FirstLastPrecision.FP32).withOptions(options));
    }

    /** An EDSR body of {@code count} blocks built as the SR model does: conv, ReLU, conv, then the custom hook. */
    private static SequentialBlock body(LayerFactory f, int count) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < count; i++) {
            Block branch = new SequentialBlock()
                    .add(f.conv2d(ConvSpec.of(CHANNELS, 3, LayerRole.BODY).withPadding(1).withBias(true).withSignedInput(true)))
                    .add(f.activation(ActivationKind.RELU, LayerRole.BODY))
                    .add(f.conv2d(ConvSpec.of(CHANNELS, 3, LayerRole.BODY).withPadding(1).withBias(true)));
            net.add(f.custom(new ScaledResidualRequest(LayerRole.BODY, i, count, CHANNELS, branch)).orElseThrow());
        }
        return net;
    }

    private static void setAlpha(DqaResidual b, float value) {
        EngineArrays.assign(b.alphaParameter().getArray(), new float[] {value});
    }

    /** A schedule over {@code alphas.length} blocks with identity bodies and the given shortcut scales. */
    private DepthSchedule scheduleWith(float[] alphas, double switchFraction, int evalVersion) {
        DepthSchedule s = new DepthSchedule(switchFraction, evalVersion);
        for (int i = 0; i < alphas.length; i++) {
            DqaResidual b = new DqaResidual(i, LambdaBlock.singleton(x -> x));
            b.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            setAlpha(b, alphas[i]);
            s.register(b);
        }
        return s;
    }

    @Test
    void aBlockComputesAlphaXPlusFAndASkippedOneExactlyAlphaX() {
        LayerFactory f = layers(null);
        SequentialBlock net = body(f, 1);
        DqaResidual block = assertInstanceOf(DqaResidual.class, net.getChildren().get(0).getValue());
        Shape shape = new Shape(2, CHANNELS, 5, 5);
        block.initialize(manager, DataType.FLOAT32, shape);
        setAlpha(block, 0.75f);
        NDArray x = manager.randomNormal(shape);
        ParameterStore ps = new ParameterStore(manager, false);
        float[] full = block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] branch = block.body().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] xs = x.toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(0.75f * xs[i] + branch[i], full[i], 1e-6f);
        }
        block.setSkipped(true);
        float[] skipped = block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(0.75f * xs[i], skipped[i], 0f, "element " + i);
        }
        int[] calls = {0};
        DqaResidual counting = new DqaResidual(0, LambdaBlock.singleton(y -> {
            calls[0]++;
            return y;
        }));
        counting.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        assertEquals(1f, counting.alpha(), "alpha starts at 1");
        counting.setSkipped(true);
        counting.forward(ps, new NDList(manager.ones(new Shape(1, 2))), true);
        assertEquals(0, calls[0], "a skipped block does not run F");
        counting.setSkipped(false);
        counting.forward(ps, new NDList(manager.ones(new Shape(1, 2))), true);
        assertEquals(1, calls[0]);
    }

    @Test
    void theScheduleTrainsFullDepthThenThreeDepthsWithEqualWeights() {
        DepthSchedule s = scheduleWith(new float[8], 0.5, 0);
        assertEquals(5, s.switchStep(10));
        for (int step = 0; step < 5; step++) {
            assertArrayEquals(new double[] {1.0}, s.forwards(step, 10));
            assertFalse(s.switched());
            assertThrows(IllegalArgumentException.class, () -> s.select(1), "one forward before the switch");
        }
        for (int step = 5; step < 10; step++) {
            assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, s.forwards(step, 10), 0.0);
            assertTrue(s.switched());
        }
        assertEquals(1.0, 1.0 / 3 + 1.0 / 3 + 1.0 / 3, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> s.select(3));
    }

    @Test
    void aRunTooShortToReachTheSwitchStillSwitchesWithItsLastStepLeft() {
        assertEquals(0, scheduleWith(new float[2], 0.5, 0).switchStep(1));
        assertEquals(1, scheduleWith(new float[2], 0.5, 0).switchStep(3));
        assertEquals(3, scheduleWith(new float[2], 1.0, 0).switchStep(4), "dqa_switch 1: the last step");
        assertEquals(0, scheduleWith(new float[2], 0.0, 0).switchStep(4));
        DepthSchedule s = scheduleWith(new float[2], 0.5, 0);
        assertEquals(3, s.forwards(0, 1).length);
    }

    @ParameterizedTest(name = "B = {0}: {1} and {2} blocks")
    @CsvSource({"8,5,3", "32,17,9", "16,9,5", "1,1,1", "2,2,1", "3,2,1"})
    void keptCountsAreHalfAndAQuarterPlusOne(int b, int v1, int v2) {
        assertEquals(b, DepthSchedule.keptCount(0, b));
        assertEquals(v1, DepthSchedule.keptCount(1, b));
        assertEquals(v2, DepthSchedule.keptCount(2, b));
    }

    @Test
    void theSwitchRanksBlocksByAlphaAndKeepsTheSmallestTiesByIndex() {
        float[] alphas = {1.3f, 0.2f, 0.9f, 0.9f, 1.7f, 0.1f, 1.0f, 0.5f};
        DepthSchedule s = scheduleWith(alphas, 0.5, 0);
        s.forwards(0, 4);
        s.forwards(1, 4);
        assertFalse(s.switched());
        s.forwards(2, 4);
        assertTrue(s.switched());
        Map<String, Object> d = s.describe();
        assertEquals(List.of(5, 1, 7, 2, 3, 6, 0, 4), d.get("alpha_ranking"));
        assertEquals(List.of(1, 2, 3, 5, 7), s.keptBlocks(1), "5 smallest alphas (2 before 3 at the tie)");
        assertEquals(List.of(1, 5, 7), s.keptBlocks(2));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), s.keptBlocks(0));
        assertEquals(2, d.get("switch_step"));
        assertEquals(List.of(1, 2, 3, 5, 7), d.get("kept_v1"));
        for (int v = 0; v < 3; v++) {
            s.select(v);
            List<Integer> kept = s.keptBlocks(v);
            for (DqaResidual b : s.blocks()) {
                assertEquals(!kept.contains(b.index()), b.isSkipped(), "version " + v + " block " + b.index());
            }
        }
    }

    @Test
    void thirtyTwoBlocksGiveTheReleasedSeventeenAndNine() {
        float[] alphas = new float[32];
        for (int i = 0; i < 32; i++) {
            alphas[i] = 2f - i / 32f; // early blocks have the largest scales: skipped first, as in the released list
        }
        DepthSchedule s = scheduleWith(alphas, 0.5, 1);
        s.forwards(0, 1);
        assertEquals(17, s.keptBlocks(1).size());
        assertEquals(9, s.keptBlocks(2).size());
        assertEquals(15, s.keptBlocks(1).get(0), "blocks 0..14 skipped by version 1");
        assertEquals(23, s.keptBlocks(2).get(0));
    }

    @Test
    void evaluationRunsTheConfiguredVersionAndSwitchesFirstWhenItHasNotYet() {
        float[] alphas = {0.5f, 1.5f, 0.7f, 1.2f};
        DepthSchedule full = scheduleWith(alphas, 0.5, 0);
        full.selectForEvaluation();
        assertFalse(full.switched());
        full.blocks().forEach(b -> assertFalse(b.isSkipped()));

        DepthSchedule v1 = scheduleWith(alphas, 0.5, 1);
        v1.selectForEvaluation(); // before the switch (a validation pass mid-run, say): ranked provisionally
        assertFalse(v1.switched());
        assertEquals(List.of(0, 2, 3), v1.keptBlocks(1));
        assertEquals(List.of(false, true, false, false), v1.blocks().stream().map(DqaResidual::isSkipped).toList());
        setAlpha(v1.blocks().get(1), 0.1f); // training moves the scales on; the switch ranks them again
        setAlpha(v1.blocks().get(3), 2.0f);
        v1.forwards(0, 2);
        v1.forwards(1, 2);
        assertTrue(v1.switched());
        assertEquals(List.of(0, 1, 2), v1.keptBlocks(1));
        v1.selectForEvaluation();
        assertEquals(List.of(false, false, false, true), v1.blocks().stream().map(DqaResidual::isSkipped).toList());

        DepthSchedule v2 = scheduleWith(alphas, 0.5, 2);
        v2.forwards(0, 2);
        v2.forwards(1, 2);
        v2.select(0);
        v2.selectForEvaluation();
        assertEquals(List.of(0, 2), v2.keptBlocks(2));
        assertEquals(List.of(false, true, false, true), v2.blocks().stream().map(DqaResidual::isSkipped).toList());
    }

    @Test
    void theThreeDepthsShareWeightsAndOneStepMovesThemAll() {
        Engine.getInstance().setRandomSeed(3);
        LayerFactory f = layers(new QuantsrOptions(null, null, 0.0, null, null));
        SequentialBlock net = body(f, 4);
        SubNetworks sub = f.subNetworks().orElseThrow();
        DepthSchedule schedule = assertInstanceOf(DepthSchedule.class, sub);
        assertEquals(4, schedule.blocks().size());
        Shape shape = new Shape(2, CHANNELS, 6, 6);
        net.initialize(manager, DataType.FLOAT32, shape);
        List<Parameter> before = params(net);
        // Distinct scales, so the ranking is not all ties: blocks 1 and 3 have the smallest.
        float[] alphas = {1.2f, 0.8f, 1.1f, 0.9f};
        for (int i = 0; i < 4; i++) {
            setAlpha(schedule.blocks().get(i), alphas[i]);
        }
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.randomNormal(shape);
            NDArray target = batch.randomNormal(shape);
            ParameterStore ps = new ParameterStore(batch, false);
            net.forward(ps, new NDList(x), true); // calibration forward, outside the recording
            double[] weights = sub.forwards(0, 1);
            assertEquals(3, weights.length);
            float[][] outBefore = outputs(net, sub, ps, x);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = null;
                for (int v = 0; v < weights.length; v++) {
                    sub.select(v);
                    NDArray y = net.forward(ps, new NDList(x), true).singletonOrThrow();
                    NDArray term = y.sub(target).abs().mean()
                            .mul(EngineArrays.scalar(batch, (float) weights[v]));
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            assertEquals(before, params(net), "every depth uses the same parameter objects");
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                NDArray grad = p.getValue().getArray().getGradient();
                assertTrue(grad.isNaN().logicalOr(grad.isInfinite()).none().getBoolean(), p.getKey());
                NDArray value = p.getValue().getArray();
                value.subi(grad.mul(EngineArrays.scalar(value.getManager(), 0.05f)));
            }
            float[][] outAfter = outputs(net, sub, ps, x);
            for (int v = 0; v < 3; v++) {
                assertFalse(java.util.Arrays.equals(outBefore[v], outAfter[v]), "version " + v + " moved");
            }
            // Versions 1 and 2 skip blocks: their outputs differ from the full network's.
            assertNotEquals(outAfter[0][0], outAfter[2][0]);
            assertEquals(List.of(1, 2, 3), schedule.keptBlocks(1));
            assertEquals(List.of(1, 3), schedule.keptBlocks(2));
        }
    }

    private static float[][] outputs(SequentialBlock net, SubNetworks sub, ParameterStore ps, NDArray x) {
        float[][] out = new float[3][];
        for (int v = 0; v < 3; v++) {
            sub.select(v);
            out[v] = net.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        }
        return out;
    }

    private static List<Parameter> params(Block net) {
        List<Parameter> out = new ArrayList<>();
        net.getParameters().forEach(p -> out.add(p.getValue()));
        return out;
    }

    @Test
    void withoutDqaTheModelKeepsItsPlainBlocksAndOneNetwork() {
        LayerFactory f = layers(new QuantsrOptions(null, false, null, null, null));
        assertTrue(f.subNetworks().isEmpty());
        assertTrue(f.custom(new ScaledResidualRequest(LayerRole.BODY, 0, 1, CHANNELS, new SequentialBlock())).isEmpty());
        LayerFactory on = layers(null);
        assertTrue(on.subNetworks().isPresent());
        assertSame(on.subNetworks().get(), on.subNetworks().get(), "one schedule per factory");
        assertNotEquals(on.subNetworks().get(), layers(null).subNetworks().get(), "a new one per model");
    }

    @Test
    void registeringTheSameIndexTwiceFails() {
        DepthSchedule s = new DepthSchedule(0.5, 0);
        s.register(new DqaResidual(0, new SequentialBlock()));
        assertThrows(IllegalArgumentException.class, () -> s.register(new DqaResidual(0, new SequentialBlock())));
    }
}
