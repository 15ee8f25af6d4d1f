package org.qbench.tasks.cls;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.stream.IntStream;
import org.qbench.methods.layers.LayerInterceptor;
import org.qbench.methods.layers.QuantizedLayers;
import org.qbench.tasks.Metric;
import org.qbench.tasks.MetricSpec;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.data.ImageSplits;
import org.qbench.tasks.data.LabelledImages;
import org.qbench.tasks.train.TrainingLoop;

/**
 * Top-1 (%) on a classification test set, from the model's inference output (one logit row per image), in
 * batches of {@value #EVAL_BATCH}. Shared by every classification task.
 *
 * @param splits the data set (for its normalisation)
 * @param test the test images evaluated
 */
public record Top1Evaluation(ImageSplits splits, LabelledImages test) implements TrainingLoop.Evaluation {

    /** Images per evaluation batch. */
    public static final int EVAL_BATCH = 500;

    @Override
    public List<Metric> evaluate(Block block, NDManager manager, LayerInterceptor interceptor,
            ProgressListener progress) {
        int[] all = IntStream.range(0, test.count()).toArray();
        long correct = 0;
        progress.start("test", (test.count() + EVAL_BATCH - 1) / EVAL_BATCH);
        for (int start = 0; start < test.count(); start += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, test.count() - start);
            try (NDManager batch = manager.newSubManager()) {
                NDArray x = ClassificationTask.images(batch, splits, test, all, start, n, null);
                NDArray logits;
                try (QuantizedLayers.Scope scope = QuantizedLayers.intercept(interceptor)) {
                    logits = block.forward(new ParameterStore(batch, false), new NDList(x), false).singletonOrThrow();
                }
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = 0; i < n; i++) {
                    if (predicted[i] == test.labels()[start + i]) {
                        correct++;
                    }
                }
            }
            progress.step("");
        }
        progress.end();
        return List.of(MetricSpec.TOP1.of(100.0 * correct / test.count()));
    }

    @Override
    public NDList samples(NDManager manager, int n) {
        int count = Math.min(n, test.count());
        return new NDList(ClassificationTask.images(manager, splits, test, IntStream.range(0, count).toArray(), 0, count, null));
    }
}
