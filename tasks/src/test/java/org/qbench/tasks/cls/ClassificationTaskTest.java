package org.qbench.tasks.cls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.data.IdxFixtures;

/** The classification task end to end on a generated Fashion-MNIST look-alike, smoke budget. */
class ClassificationTaskTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixture() throws IOException {
        IdxFixtures.fashionMnist(dir, 1024, 512, 7);
    }

    private static TaskOutcome run(String method, int bits, long seed) {
        TaskContext ctx = new TaskContext(Methods.builtIn().get(method), new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, seed, Optional.of(dir), ProgressListener.NONE);
        return ClassificationTask.fashionMnist().run(ctx);
    }

    @Test
    void sameSpecAndSeedGiveIdenticalMetrics() {
        TaskOutcome a = run("lsq", 2, 3);
        TaskOutcome b = run("lsq", 2, 3);
        assertEquals(a.metrics(), b.metrics());
        assertEquals(a.training().finalLoss(), b.training().finalLoss(), 0.0);
        TaskOutcome other = run("lsq", 2, 4);
        assertNotEquals(a.training().finalLoss(), other.training().finalLoss(), "the seed must matter");
    }

    @Test
    void fullPrecisionLearnsTheFixtureAndReportsCosts() {
        TaskOutcome o = run("fp32", 32, 0);
        double top1 = o.metrics().get(0).value();
        assertTrue(top1 > 20, "twice chance at least: the fixture's classes are bars at distinct rows; got top-1 " + top1);
        assertTrue(o.cost().params() > 0 && o.cost().macs() > 0);
        assertEquals(o.cost().params() * 32, o.cost().modelBits(), "fp32 stores every parameter at 32 bits");
        assertEquals(4, o.dataChecksums().size());
        assertEquals(32, o.training().steps());
    }

    @Test
    void aTrainingSplitSmallerThanOneBatchIsADataErrorNotASilentNoOp(@TempDir Path tiny) throws IOException {
        IdxFixtures.fashionMnist(tiny, 30, 10, 1);
        TaskContext ctx = new TaskContext(Methods.builtIn().get("fp32"), new MethodConfig(32, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 0, Optional.of(tiny), ProgressListener.NONE);
        DataException e = assertThrows(DataException.class, () -> ClassificationTask.fashionMnist().run(ctx));
        assertTrue(e.getMessage().contains("holds 30 images, fewer than one batch of 64"), e.getMessage());
    }

    @Test
    void cifar10TrainsOnItsThreeChannelImages(@TempDir Path data) throws IOException {
        org.qbench.tasks.data.Cifar10TestFixtures.write(data.resolve("cifar-10-batches-bin"), 40);
        TaskContext ctx = new TaskContext(Methods.builtIn().get("lsq"), new MethodConfig(4, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 0, Optional.of(data), ProgressListener.NONE);
        TaskOutcome o = ClassificationTask.cifar10().run(ctx);
        assertEquals("cifar-10", o.dataset());
        assertEquals(6, o.dataChecksums().size());
        assertEquals(6, o.training().steps(), "200 training images, batch 64, 2 epochs");
    }

    @Test
    void quantizedModelIsSmallerByItsBitWidth() {
        TaskOutcome fp = run("fp32", 32, 0);
        TaskOutcome q = run("lsq", 4, 0);
        assertEquals(fp.cost().params(), q.cost().params());
        assertTrue(q.cost().modelBits() < fp.cost().modelBits() / 4, "4-bit hidden weights dominate the size");
        assertTrue(q.cost().bops() < fp.cost().bops());
    }

    @Test
    void theNumericsCheckerChangesNoNumberAndN2uqRecordsItsOwnQuantizerOptimizer() {
        TaskContext plain = new TaskContext(Methods.builtIn().get("n2uq"), new MethodConfig(4, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 2, Optional.of(dir), ProgressListener.NONE, java.util.OptionalInt.empty(), Optional.empty(), false);
        TaskContext checked = new TaskContext(Methods.builtIn().get("n2uq"), new MethodConfig(4, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 2, Optional.of(dir), ProgressListener.NONE, java.util.OptionalInt.empty(), Optional.empty(), true);
        TaskOutcome a = ClassificationTask.fashionMnist().run(plain);
        TaskOutcome b = ClassificationTask.fashionMnist().run(checked);
        assertEquals(a.metrics(), b.metrics());
        assertEquals(a.training().finalLoss(), b.training().finalLoss(), 0.0);
        assertTrue(String.valueOf(a.recipe().get("quantizer_optimizer")).startsWith("adam (peak lr 1.25E-4"),
                String.valueOf(a.recipe()));
        assertEquals(null, run("lsq", 4, 0).recipe().get("quantizer_optimizer"), "LSQ keeps the recipe's optimiser");
    }
}
