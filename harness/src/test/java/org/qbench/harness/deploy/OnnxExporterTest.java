package org.qbench.harness.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.hardware.onnx.OrtModel;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.models.CifarResNet;

/**
 * The exporter against the network it exports: a ResNet with LSQ's quantizers (its step sizes initialised from
 * data, its batch norms given random statistics and affine terms, one gamma negative) runs on ONNX Runtime and
 * gives the simulated logits within one step of the head's accumulator; the full-precision network within 1e-4;
 * a method ONNX cannot express is refused with the layer and the reason.
 */
class OnnxExporterTest {

    private static final long[] SAMPLE = {3, 12, 12};
    private static final int BATCH = 8;

    /** LSQ at 8 bits (fused integer convolutions) and at 4 bits (8-bit containers behind a Clip). */
    @ParameterizedTest
    @ValueSource(ints = {8, 4})
    void lsqResNetRunsOnTheRuntimeWithinOneOutputLsbOnceItsBiasesAreIntegers(int bits) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = network(m, "lsq", bits);
            NDArray x = input(m);
            ExportedModel model = OnnxExporter.export("t", net, SAMPLE, Precision.INT8);
            assertTrue(model.integerLayers() >= 7, "every hidden conv and the head take integer inputs: " + model.layers());
            assertEquals(bits < 8, model.layers().stream().anyMatch(ExportedModel.ExportedLayer::narrowClip),
                    "only inputs narrower than their container are clipped");
            float lsb = model.layers().get(model.layers().size() - 1).outputLsb();
            assertTrue(lsb > 0, "the head has an integer accumulator");
            try (OrtModel ort = new OrtModel(model.onnx(), 1)) {
                float[] runtime = ort.run(x.toFloatArray(), BATCH, SAMPLE[0], SAMPLE[1], SAMPLE[2]);
                // The trained network's float biases round to int32 codes on the runtime (QLinearConv takes no other);
                // the simulation with those same biases is what the runtime must reproduce.
                float[] trained = forward(net, m, x);
                model.applyBiasRounding();
                float[] simulated = forward(net, m, x);
                assertTrue(maxAbsDiff(trained, simulated) > 0, "rounding the biases changes the logits a little");
                double worst = maxAbsDiff(simulated, runtime);
                assertTrue(worst <= lsb, "logits differ by " + worst + ", one output LSB is " + lsb);
            }
        }
    }

    @Test
    void fullPrecisionExportMatchesWithin1em4() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = network(m, "fp32", 32);
            NDArray x = input(m);
            float[] simulated = forward(net, m, x);
            ExportedModel model = OnnxExporter.export("t", net, SAMPLE, Precision.FP32);
            assertEquals(0, model.integerLayers());
            try (OrtModel ort = new OrtModel(model.onnx(), 1)) {
                float[] runtime = ort.run(x.toFloatArray(), BATCH, SAMPLE[0], SAMPLE[1], SAMPLE[2]);
                assertTrue(maxAbsDiff(simulated, runtime) <= 1e-4, "max difference " + maxAbsDiff(simulated, runtime));
            }
        }
    }

    @Test
    void n2uqIsRefusedWithTheLayerAndTheReason() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = network(m, "n2uq", 2);
            ExportRefused e = assertThrows(ExportRefused.class, () -> OnnxExporter.export("t", net, SAMPLE, Precision.INT8));
            assertTrue(e.getMessage().contains("non-uniform thresholds") && e.getMessage().contains("model/3/0/branch/0"), e.getMessage());
            assertTrue(e.reasons().get(0).startsWith("N2UQ's activations"), "the most frequent reason first: " + e.reasons());
        }
    }

    @Test
    void dorefaEightBitWeightsDoNotFitInt8() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = network(m, "dorefa", 8);
            ExportRefused e = assertThrows(ExportRefused.class, () -> OnnxExporter.export("t", net, SAMPLE, Precision.INT8));
            assertTrue(e.getMessage().contains("leave int8"), e.getMessage());
        }
    }

    @Test
    void aBlockWithoutAnOnnxFormIsRefusedWithItsPathInBothPrecisions() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = new ai.djl.nn.SequentialBlock().add(ai.djl.nn.Activation.reluBlock())
                    .add(ai.djl.nn.LambdaBlock.singleton(x -> x.mul(2), "double"));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            for (Precision p : Precision.values()) {
                ExportRefused e = assertThrows(ExportRefused.class, () -> OnnxExporter.export("t", net, new long[] {3}, p));
                assertEquals("model/1: no ONNX form here for the block 'double'", e.getMessage());
            }
        }
    }

    @Test
    void deployabilityIsDecidedWithoutTrainingAndFollowsTheFirstLastProtocol() {
        var methods = Methods.builtIn();
        assertTrue(Deployability.refusal(methods.get("lsq"), new MethodConfig(8, FirstLastPrecision.EIGHT_BIT)).isEmpty());
        assertTrue(Deployability.refusal(methods.get("lsq"), new MethodConfig(2, FirstLastPrecision.EIGHT_BIT)).isEmpty());
        assertTrue(Deployability.refusal(methods.get("n2uq"), new MethodConfig(2, FirstLastPrecision.EIGHT_BIT)).orElseThrow()
                .startsWith("N2UQ's activations have learnable non-uniform thresholds"));
        // DoReFa's 8-bit first and last layers leave int8; with them in float, its 4-bit body deploys.
        assertTrue(Deployability.refusal(methods.get("dorefa"), new MethodConfig(4, FirstLastPrecision.EIGHT_BIT)).orElseThrow()
                .contains("8-bit weight codes leave int8"));
        assertTrue(Deployability.refusal(methods.get("dorefa"), new MethodConfig(4, FirstLastPrecision.FP32)).isEmpty());
        assertTrue(Deployability.refusal(methods.get("brve"), new MethodConfig(1, FirstLastPrecision.FP32)).orElseThrow()
                .contains("1-bit"));
    }

    /** A small ResNet of the method's layers, calibrated on data, with random batch-norm statistics. */
    static Block network(NDManager m, String method, int bits) {
        return network(m, method, bits, 11);
    }

    static Block network(NDManager m, String method, int bits, int seed) {
        MethodConfig config = new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT);
        ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
        Block net = CifarResNet.build(Methods.builtIn().get(method).layers(config), new CifarResNet.Shape(1, 8, 10));
        net.initialize(m, DataType.FLOAT32, new Shape(BATCH, SAMPLE[0], SAMPLE[1], SAMPLE[2]));
        net.forward(new ParameterStore(m, false), new NDList(input(m)), true); // data-driven initialisation
        Random r = new Random(7);
        boolean[] first = {true};
        net.getParameters().forEach(p -> {
            NDArray a = p.getValue().getArray();
            float[] v = a.toFloatArray();
            String k = p.getKey();
            for (int i = 0; i < v.length; i++) {
                if (k.endsWith("gamma")) {
                    v[i] = 0.5f + r.nextFloat();
                } else if (k.endsWith("beta")) {
                    v[i] = 0.2f * (float) r.nextGaussian();
                } else if (k.endsWith("runningMean")) {
                    v[i] = 0.3f * (float) r.nextGaussian();
                } else if (k.endsWith("runningVar")) {
                    v[i] = 0.5f + r.nextFloat();
                }
            }
            if (k.endsWith("gamma") && first[0]) {
                v[0] = -v[0]; // a negative scale folds into a negative weight scale
                first[0] = false;
            }
            EngineArrays.assign(a, v);
        });
        assertTrue(net.getChildren().values().stream().anyMatch(b -> b instanceof BatchNorm));
        return net;
    }

    static NDArray input(NDManager m) {
        Random r = new Random(3);
        float[] v = new float[(int) (BATCH * SAMPLE[0] * SAMPLE[1] * SAMPLE[2])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return EngineArrays.of(m, v, new Shape(BATCH, SAMPLE[0], SAMPLE[1], SAMPLE[2]));
    }

    static float[] forward(Block net, NDManager m, NDArray x) {
        return net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
