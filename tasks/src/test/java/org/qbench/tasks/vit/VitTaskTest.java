package org.qbench.tasks.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.Budget;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.RunArtifacts;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskInput;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.Tasks;
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.data.IdxFixtures;
import org.qbench.tasks.train.TrainingLoop;

/** The ViT task end to end on a generated Fashion-MNIST look-alike: distillation from a saved CNN teacher, or none. */
class VitTaskTest {

    @TempDir
    static Path dir;

    private static Path teacher;

    @BeforeAll
    static void fixtureAndTeacher() throws IOException {
        IdxFixtures.fashionMnist(dir.resolve("data"), 1024, 512, 7);
        teacher = dir.resolve("teacher.params");
        run("cls-fmnist", "fp32", 32, new RunArtifacts(Optional.of(teacher), Map.of()));
    }

    private static TaskOutcome run(String task, String method, int bits, RunArtifacts artifacts) {
        TaskContext ctx = new TaskContext(Methods.builtIn().get(method), new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 0, Optional.of(dir.resolve("data")), ProgressListener.NONE, OptionalInt.empty(),
                Optional.empty(), false, artifacts);
        return Tasks.builtIn().get(task).run(ctx);
    }

    @Test
    void theTeacherIsTheFp32ModelOfTheSiblingCnnTask() {
        assertEquals(Map.of(RunArtifacts.TEACHER, new TaskInput("cls-fmnist", "fp32", 32)), Tasks.builtIn().get("vit-fmnist").inputs());
        assertEquals(Map.of(RunArtifacts.TEACHER, new TaskInput("cls-cifar10", "fp32", 32)), Tasks.builtIn().get("vit-cifar10").inputs());
    }

    @Test
    void withATeacherItDistilsAndSaysSoInTheRecipe() {
        TaskOutcome distilled = run("vit-fmnist", "packqvit", 4, new RunArtifacts(Optional.empty(), Map.of(RunArtifacts.TEACHER, teacher)));
        TaskOutcome alone = run("vit-fmnist", "packqvit", 4, RunArtifacts.NONE);
        assertTrue(distilled.recipe().get("distillation").toString().startsWith("hard (DeiT)"), distilled.recipe().toString());
        assertTrue(alone.recipe().get("distillation").toString().startsWith("none"), alone.recipe().toString());
        assertTrue(Double.isFinite(distilled.training().finalLoss()) && Double.isFinite(alone.training().finalLoss()));
        assertNotEquals(distilled.training().finalLoss(), alone.training().finalLoss(), "the teacher's labels change the loss");
    }

    @Test
    void aTeacherOfAnotherArchitectureIsRefusedNamingTheFile() throws IOException {
        Path vit = dir.resolve("vit.params");
        run("vit-fmnist", "fp32", 32, new RunArtifacts(Optional.of(vit), Map.of()));
        DataException e = assertThrows(DataException.class, () -> run("vit-fmnist", "fp32", 32,
                new RunArtifacts(Optional.empty(), Map.of(RunArtifacts.TEACHER, vit))));
        assertTrue(e.getMessage().contains(vit.toString()) && e.getMessage().contains("not a model of this architecture"),
                e.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.params"), "not a model");
        assertThrows(DataException.class, () -> run("vit-fmnist", "fp32", 32,
                new RunArtifacts(Optional.empty(), Map.of(RunArtifacts.TEACHER, garbage))));
    }

    @Test
    void theDistillationLossIsHalfTheLabelLossPlusHalfTheTeacherArgmaxLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] cls = {2f, 0f, -1f, 0.5f, 0.5f, 3f};
            float[] dist = {0f, 1f, 0f, -2f, 1f, 0f};
            float[] teacherLogits = {0f, 0f, 5f, 4f, 0f, 0f}; // argmax: 2, then 0
            float[] labels = {0f, 2f};
            Block fixedTeacher = LambdaBlock.singleton(x -> EngineArrays.of(x.getManager(), teacherLogits, new Shape(2, 3)), "teacher");
            VitTask.Distillation step = new VitTask.Distillation(Loss.softmaxCrossEntropyLoss(), Optional.of(fixedTeacher), 0.5f);
            NDArray input = EngineArrays.of(m, new float[2], new Shape(2, 1));
            NDArray loss = step.loss(in -> new NDList(EngineArrays.of(m, cls, new Shape(2, 3)), EngineArrays.of(m, dist, new Shape(2, 3))),
                    new TrainingLoop.Batch(new NDList(input), new NDList(EngineArrays.of(m, labels))));
            double expected = 0.5 * (ce(cls, 0, 0) + ce(cls, 1, 2)) / 2 + 0.5 * (ce(dist, 0, 2) + ce(dist, 1, 0)) / 2;
            assertEquals(expected, loss.getFloat(), 1e-5);
            VitTask.Distillation none = new VitTask.Distillation(Loss.softmaxCrossEntropyLoss(), Optional.empty(), 0.5f);
            NDArray plain = none.loss(in -> new NDList(EngineArrays.of(m, cls, new Shape(2, 3)), EngineArrays.of(m, dist, new Shape(2, 3))),
                    new TrainingLoop.Batch(new NDList(input), new NDList(EngineArrays.of(m, labels))));
            double expectedPlain = 0.5 * (ce(cls, 0, 0) + ce(cls, 1, 2)) / 2 + 0.5 * (ce(dist, 0, 0) + ce(dist, 1, 2)) / 2;
            assertEquals(expectedPlain, plain.getFloat(), 1e-5);
        }
    }

    /** Cross-entropy of row {@code row} (3 classes) against class {@code y}, in double. */
    private static double ce(float[] logits, int row, int y) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            max = Math.max(max, logits[row * 3 + c]);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += Math.exp(logits[row * 3 + c] - max);
        }
        return -(logits[row * 3 + y] - max - Math.log(sum));
    }

    @Test
    void aClassificationTaskGivesItsTrainedFp32ModelBackForTheTeacher() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = ((ClassificationTask) Tasks.builtIn().get("cls-fmnist")).trainedFullPrecision(Budget.SMOKE, teacher, m);
            assertTrue(net.getParameters().values().stream().noneMatch(p -> p.requiresGradient()), "a teacher is frozen");
        }
    }
}
