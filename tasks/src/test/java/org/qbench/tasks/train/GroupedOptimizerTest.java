package org.qbench.tasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.methods.quant.EngineArrays;

/** The grouped optimiser sends each parameter to its group's optimiser, and only there. */
class GroupedOptimizerTest {

    /** Records the ids it was asked to update and subtracts 1 from the weight. */
    private static final class Recording extends Optimizer {
        final List<String> ids = new ArrayList<>();

        Recording() {
            super(Optimizer.sgd().setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(1f)));
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            ids.add(parameterId);
            weight.subi(grad);
        }
    }

    @Test
    void quantizerParametersGoToTheirOwnOptimiserAndTheRestToTheMainOne() {
        Recording main = new Recording();
        Recording quantizers = new Recording();
        GroupedOptimizer grouped = new GroupedOptimizer(main, quantizers, id -> id.startsWith("q"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = EngineArrays.of(m, new float[] {3f});
            NDArray one = EngineArrays.of(m, new float[] {1f});
            grouped.update("weight", w, one);
            grouped.update("q-step", w, one);
            grouped.update("weight", w, one);
            assertEquals(List.of("weight", "weight"), main.ids);
            assertEquals(List.of("q-step"), quantizers.ids);
            assertEquals(0f, w.getFloat(0), 0f);
        }
    }
}
