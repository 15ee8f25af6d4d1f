package org.qbench.tasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.tasks.models.CifarResNet;

/** Quantizer parameters get their scaled rate; weights keep the main rate; cost accounting counts layers. */
class ScaledLearningRateTest {

    private static Block model(String method, int bits, NDManager manager) {
        Block net = CifarResNet.build(Methods.builtIn().get(method).layers(new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT)),
                new CifarResNet.Shape(1, 4, 10));
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
        return net;
    }

    @Test
    void quantizerParametersLearnAtTheScaledRate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = model("lsq", 4, manager);
            ScaledLearningRate lr = new ScaledLearningRate(Tracker.fixed(0.2f), 0.1f);
            lr.collectQuantizerParameters(net);
            // ResNet-8: stem, 2 convs x 3 blocks, 2 shortcut convs, classifier = 10 layers x (weight + input)
            // steps, less the stem's input (the 8-bit image needs no quantizer).
            assertEquals(19, lr.quantizerParameterCount());
            int scaled = 0;
            for (var p : net.getParameters()) {
                float rate = lr.getNewValue(p.getValue().getId(), 5);
                boolean isStep = p.getKey().endsWith("step");
                assertEquals(isStep ? 0.02f : 0.2f, rate, 1e-7f, p.getKey());
                scaled += isStep ? 1 : 0;
            }
            assertEquals(19, scaled);
        }
    }

    @Test
    void fullPrecisionHasNoQuantizerParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ScaledLearningRate lr = new ScaledLearningRate(Tracker.fixed(0.2f), 0.1f);
            lr.collectQuantizerParameters(model("fp32", 32, manager));
            assertEquals(0, lr.quantizerParameterCount());
            assertTrue(lr.getNewValue("any", 0) == 0.2f);
        }
    }
}
