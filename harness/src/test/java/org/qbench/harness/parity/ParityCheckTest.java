package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.data.IdxFixtures;

/** The parity check through the task's generic integer check, on a generated Fashion-MNIST look-alike. */
class ParityCheckTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixture() throws IOException {
        IdxFixtures.fashionMnist(dir, 1024, 512, 7);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} bits")
    @org.junit.jupiter.params.provider.CsvSource({"lsq,4", "lsq,2", "n2uq,2", "n2uq,4", "pact,3", "dorefa,4", "lsq,8"})
    void everyIntegerLayerIsWithinOneLsbOfItsFakeQuantOutput(String method, int bits) {
        ParityCheck check = new ParityCheck();
        TaskContext ctx = new TaskContext(Methods.builtIn().get(method), new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 0, Optional.of(dir), ProgressListener.NONE, java.util.OptionalInt.empty(), Optional.of(check), false);
        ClassificationTask.fashionMnist().run(ctx);
        Parity p = check.result();
        assertEquals(1, p.floatLayers(), "only the first layer (normalised image input) stays in float");
        assertTrue(p.layers().size() >= 5, "every hidden conv and the classifier: " + p.layers());
        for (var layer : p.layers()) {
            assertTrue(layer.maxDiffLsb() <= 1.0, layer.toString());
            assertTrue(layer.exactFraction() > 0.99, layer.toString());
        }
        assertEquals("top1", p.metric());
        assertEquals(64, p.images());
        assertEquals(p.simulated(), p.integer(), 0.5, "end to end on 512 test images: at most 2 flips");
    }

    @Test
    void fullPrecisionHasNoParityToCheck() {
        ParityCheck check = new ParityCheck();
        TaskContext ctx = new TaskContext(Methods.builtIn().get("fp32"), new MethodConfig(32, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 0, Optional.of(dir), ProgressListener.NONE, java.util.OptionalInt.empty(), Optional.of(check), false);
        ClassificationTask.fashionMnist().run(ctx);
        assertEquals(null, check.result());
        assertFalse(check.wantsEvaluation());
    }

}
