package org.qbench.harness.deploy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.Optional;
import java.util.Random;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.NormKind;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.quant.EngineArrays;

/**
 * Whether a method at a width can go to ONNX's integer ops at all, decided in a second without training: a small
 * network of the method's own layers (a stem, a hidden conv and a head, each in its role, so the first/last-layer
 * protocol applies) is calibrated on random data and exported. The same exporter decides for a trained cell; this
 * answers before hours of training are spent, and for cells that were never exported.
 */
public final class Deployability {

    private Deployability() {}

    /** The reason the method at {@code config} cannot be exported as int8, or empty when it can. */
    public static Optional<String> refusal(QuantMethod method, MethodConfig config) {
        LayerFactory layers = method.layers(config);
        Block net = new SequentialBlock()
                .add(layers.conv2d(ConvSpec.of(8, 3, LayerRole.STEM).withPadding(1).withSignedInput(true).withInputBits(8)))
                .add(layers.norm(NormKind.BATCH, LayerRole.STEM))
                .add(layers.activation(ActivationKind.RELU, LayerRole.STEM))
                .add(layers.conv2d(ConvSpec.of(8, 3, LayerRole.BODY).withPadding(1)))
                .add(layers.norm(NormKind.BATCH, LayerRole.BODY))
                .add(layers.activation(ActivationKind.RELU, LayerRole.BODY))
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(layers.linear(LinearSpec.of(4, LayerRole.HEAD)));
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 3, 8, 8);
            net.initialize(m, DataType.FLOAT32, shape);
            Random r = new Random(0);
            float[] x = new float[(int) shape.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            net.forward(new ParameterStore(m, false), new NDList(EngineArrays.of(m, x, shape)), true);
            OnnxExporter.export("probe", net, new long[] {3, 8, 8}, Precision.INT8);
            return Optional.empty();
        } catch (ExportRefused e) {
            return Optional.of(String.join("; ", e.reasons()));
        }
    }
}
