package org.qbench.tasks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;

/**
 * A check the caller wants run on the trained model before its parameters are released (the harness's deployment:
 * export to ONNX, run on ONNX Runtime, compare). The task hands over the network, a few test inputs and its own
 * evaluation, so the caller can measure a replacement model (the runtime's) with the task's metric code.
 */
public interface DeployCheck {

    /** Called once, after training and the run's own evaluation. */
    void trained(Trained model);

    /** The trained model of a run and the task's means to measure it. */
    interface Trained {

        /** The trained network (inference mode); its parameters live until {@link #trained} returns. */
        Block network();

        /** The manager the network's parameters live in. */
        NDManager manager();

        /** The metrics the run measured on the simulated (fake-quant) model. */
        List<Metric> simulated();

        /** The inputs of the first {@code n} test samples, batched as the network takes them. */
        NDList samples(NDManager manager, int n);

        /** The task's metrics with {@code replacement} in place of the network (same inputs, same outputs). */
        List<Metric> evaluate(Block replacement);
    }
}
