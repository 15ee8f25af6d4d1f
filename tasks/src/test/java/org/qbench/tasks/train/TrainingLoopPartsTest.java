package org.qbench.tasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qbench.methods.quant.EngineArrays;

/** The training loop's parts against closed forms: seed streams, schedules, gradient clipping, validation. */
class TrainingLoopPartsTest {

    @Test
    void namedStreamsAreStableIndependentAndTheLegacyOneIsShared() {
        SeedStreams a = SeedStreams.derived(7);
        SeedStreams b = SeedStreams.derived(7);
        assertEquals(a.seedOf(SeedStreams.ORDER), b.seedOf(SeedStreams.ORDER), "same seed, same stream");
        assertNotEquals(a.seedOf(SeedStreams.ORDER), a.seedOf(SeedStreams.NOISE), "names separate streams");
        assertNotEquals(a.seedOf(SeedStreams.ORDER), SeedStreams.derived(8).seedOf(SeedStreams.ORDER));
        assertSame(a.random(SeedStreams.ORDER), a.random(SeedStreams.ORDER), "a stream advances over the run");
        // Pinned: a change here silently moves every derived-stream task's numbers.
        assertEquals(0xe220a8397b1dcdafL, SeedStreams.mix(0x9e3779b97f4a7c15L), "SplitMix64's published first output for seed 0");
        assertEquals(0xa72becf44ffa0d44L, SeedStreams.derived(0).seedOf(SeedStreams.ORDER), "computed independently (Python)");
        SeedStreams legacy = SeedStreams.legacy(42);
        assertSame(legacy.random(SeedStreams.ORDER), legacy.random(SeedStreams.AUGMENTATION));
        assertEquals(new Random(42).nextInt(), SeedStreams.legacy(42).random(SeedStreams.ORDER).nextInt());
        assertEquals(42, legacy.engineSeed());
    }

    @Test
    void stepScheduleDropsByGammaAtEachMilestone() {
        Tracker t = new Schedule.Step(List.of(2, 4), 0.5f).tracker(0.1f, 60, 10);
        assertEquals(0.1f, t.getNewValue(0), 0f);
        assertEquals(0.1f, t.getNewValue(19), 0f);
        assertEquals(0.05f, t.getNewValue(20), 1e-9f);
        assertEquals(0.025f, t.getNewValue(45), 1e-9f);
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Step(List.of(3, 2), 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Step(List.of(2), 1.5f));
    }

    @Test
    void cosineRestartsRepeatsTheCosineEveryPeriod() {
        Tracker t = new Schedule.CosineRestarts(2).tracker(1f, 100, 10);
        assertEquals(1f, t.getNewValue(0), 1e-7f);
        assertEquals(0.5f, t.getNewValue(10), 1e-6f, "half way through a 20-step cycle");
        assertEquals(1f, t.getNewValue(20), 1e-7f, "restart");
        assertEquals((float) ((1 + Math.cos(Math.PI * 5 / 20)) / 2), t.getNewValue(45), 1e-6f);
        Tracker cosine = new Schedule.Cosine().tracker(1f, 100, 10);
        assertEquals(0.5f, cosine.getNewValue(50), 1e-6f);
    }

    @Test
    void optimisationRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Optimisation.sgd(0f, 0.9f, 0f, 0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> Optimisation.sgd(0.1f, -1f, 0f, 0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new Optimisation(Optimisation.Optimiser.ADAMW, 0.1f, 0f, 0f,
                new Schedule.Cosine(), 0f, 1f, Float.NaN));
        assertEquals("adamw", new Optimisation(Optimisation.Optimiser.ADAMW, 1e-3f, 0f, 0.05f, new Schedule.Cosine(), 0f, 1f,
                1f).describe().get("optimizer"));
    }

    @Test
    void clippingScalesEveryGradientToTheGlobalNormAndLeavesSmallOnesAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (float max : new float[] {0.01f, 1e6f}) {
                Linear net = Linear.builder().setUnits(3).build();
                net.initialize(manager, DataType.FLOAT32, new Shape(4, 5));
                net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
                double before;
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray x = EngineArrays.of(scratch, new float[] {1, 2, 3, 4, 5, -1, -2, -3, -4, -5, 0, 1, 0, 1, 0, 2, 2, 2, 2, 2},
                            new Shape(4, 5));
                    try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                        NDArray y = net.forward(new ParameterStore(scratch, false), new NDList(x), true).singletonOrThrow();
                        gc.backward(y.square().sum());
                    }
                    before = norm(net);
                    TrainingLoop.clipGradientNorm(net, scratch, max);
                }
                double after = norm(net);
                assertTrue(before > 0.01, "the gradient is not tiny: " + before);
                assertEquals(Math.min(before, max), after, Math.min(before, max) * 1e-5,
                        "clipped to " + max + " when above it, untouched below");
            }
        }
    }

    private static double norm(Linear net) {
        double sum = 0;
        for (var p : net.getParameters()) {
            for (float g : p.getValue().getArray().getGradient().toFloatArray()) {
                sum += (double) g * g;
            }
        }
        return Math.sqrt(sum);
    }
}
