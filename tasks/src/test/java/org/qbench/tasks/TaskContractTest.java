package org.qbench.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.tasks.data.Cifar10TestFixtures;
import org.qbench.tasks.data.IdxFixtures;
import org.qbench.tasks.fixture.DenoiseFixtureTask;
import org.qbench.tasks.lowlight.LowlightFixtures;
import org.qbench.tasks.sr.SrFixtures;

/**
 * The contract every registered task (and the platform's test task) keeps, like {@code MethodContractTest} for
 * methods: its model builds from the layer factory and its cost is computed from shapes, one epoch of training on
 * generated data is finite, its metrics are in their ranges, and the cost a run records equals {@link Task#cost}.
 * A new task needs a fixture writer in {@link #FIXTURES}: the test fails for a task without one.
 */
@Tag("slow")
class TaskContractTest {

    /** Writes each task's generated data into a folder given as its data folder. */
    private interface Fixture {
        void write(Path dir) throws IOException;
    }

    private static final Map<String, Fixture> FIXTURES = Map.of(
            "cls-fmnist", dir -> IdxFixtures.fashionMnist(dir, 1024, 512, 7),
            "cls-cifar10", dir -> Cifar10TestFixtures.write(dir.resolve("cifar-10-batches-bin"), 64),
            "vit-fmnist", dir -> IdxFixtures.fashionMnist(dir, 1024, 512, 7),
            "vit-cifar10", dir -> Cifar10TestFixtures.write(dir.resolve("cifar-10-batches-bin"), 64),
            "sr-x4", SrFixtures::write,
            "sr-x2", SrFixtures::write,
            "lowlight-video", dir -> LowlightFixtures.userClips(dir, 2, 4, 32),
            DenoiseFixtureTask.ID, dir -> { });

    static Stream<Task> tasks() {
        List<Task> all = new ArrayList<>(Tasks.builtIn().all());
        all.add(new DenoiseFixtureTask());
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tasks")
    void describesItself(Task task) {
        assertTrue(task.id().matches("[a-z][a-z0-9-]*"), task.id());
        assertFalse(task.description().isBlank());
        assertTrue(task.version() >= 1);
        assertNotNull(task.kind());
        assertTrue(FIXTURES.containsKey(task.id()), "no fixture writer for " + task.id() + " in TaskContractTest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tasks")
    void costIsComputedFromShapesAndQuantizingShrinksIt(Task task) {
        QuantMethod fp32 = Methods.builtIn().get("fp32");
        QuantMethod lsq = Methods.builtIn().get("lsq");
        CostBreakdown full = task.cost(fp32, new MethodConfig(32, FirstLastPrecision.EIGHT_BIT), Budget.SMOKE);
        CostBreakdown quant = task.cost(lsq, new MethodConfig(4, FirstLastPrecision.EIGHT_BIT), Budget.SMOKE);
        assertFalse(full.layers().isEmpty());
        assertTrue(full.total().macs() > 0 && full.total().params() > 0, full.total().toString());
        assertEquals(full.total().macs(), quant.total().macs(), "the method does not change the shapes");
        assertTrue(quant.total().bops() < full.total().bops(), "4-bit layers cost fewer bit operations");
        assertTrue(quant.total().modelBits() < full.total().modelBits());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tasks")
    void oneEpochOnGeneratedDataIsFiniteWithMetricsInRange(Task task, @TempDir Path data) throws IOException {
        FIXTURES.get(task.id()).write(data);
        QuantMethod lsq = Methods.builtIn().get("lsq");
        MethodConfig config = new MethodConfig(4, FirstLastPrecision.EIGHT_BIT);
        TaskOutcome o = task.run(new TaskContext(lsq, config, Budget.SMOKE, 0, Optional.of(data), ProgressListener.NONE,
                OptionalInt.of(1), Optional.empty(), false));
        assertTrue(o.training().steps() >= 1);
        assertTrue(Double.isFinite(o.training().finalLoss()), o.training().toString());
        assertFalse(o.metrics().isEmpty());
        for (Metric m : o.metrics()) {
            assertTrue(inRange(m), m.toString());
        }
        assertEquals(task.cost(lsq, config, Budget.SMOKE).total(), o.cost(), "Task.cost is the cost a run records");
        assertFalse(o.dataChecksums().isEmpty(), "every run records what data it read");
        assertNotNull(o.recipe().get("model"), "tables name the model from the recipe");
    }

    /** Whether a metric lies in its range (only finiteness for metrics this test does not know). */
    private static boolean inRange(Metric m) {
        double v = m.value();
        return switch (m.name()) {
            case "top1", "top5" -> v >= 0 && v <= 100 && m.higherIsBetter();
            case "psnr" -> v > 0 && v < 200 && m.higherIsBetter();
            case "ssim" -> v >= -1 && v <= 1 && m.higherIsBetter();
            case "mae" -> v >= 0 && !m.higherIsBetter();
            default -> Double.isFinite(v);
        };
    }
}
