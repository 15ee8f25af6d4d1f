package org.qbench.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qbench.methods.quant.WithManager;

/**
 * The full-precision defaults of the factory's hooks, as a method that overrides none of them (LSQ) hands them
 * out: each computes what the NDArray op it stands for computes.
 */
class LayerFactoryHooksTest extends WithManager {

    private static final LayerFactory LAYERS =
            Methods.builtIn().get("lsq").layers(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT));

    private float[] forward(Block block, boolean training, NDArray... inputs) {
        Shape[] shapes = new Shape[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            shapes[i] = inputs[i].getShape();
        }
        block.initialize(manager, DataType.FLOAT32, shapes);
        NDList out = block.forward(new ParameterStore(manager, false), new NDList(inputs), training);
        assertEquals(block.getOutputShapes(shapes)[0], out.singletonOrThrow().getShape(), "declared output shape");
        return out.singletonOrThrow().toFloatArray();
    }

    @Test
    void matMulIsNdArrayMatMulBatchedOverLeadingAxes() {
        NDArray a = manager.randomNormal(new Shape(2, 3, 4));
        NDArray b = manager.randomNormal(new Shape(2, 4, 5));
        // The default hook (LSQ's factory quantizes both operands since products became quantizable): fp32's.
        LayerFactory fp32 = Methods.builtIn().get("fp32").layers(new MethodConfig(32, FirstLastPrecision.EIGHT_BIT));
        assertArrayEquals(a.matMul(b).toFloatArray(), forward(fp32.matMul(ProductKind.SCORES, LayerRole.ATTENTION), false, a, b), 0f);
    }

    @Test
    void softmaxIsNdArraySoftmaxOverTheGivenAxis() {
        NDArray x = manager.randomNormal(new Shape(2, 3, 4)).mul(manager.full(new Shape(), 3f));
        for (int axis : new int[] {-1, 1}) {
            float[] y = forward(LAYERS.softmax(axis, LayerRole.ATTENTION), false, x);
            assertArrayEquals(x.softmax(axis).toFloatArray(), y, 0f, "axis " + axis);
        }
        float[] last = forward(LAYERS.softmax(-1, LayerRole.ATTENTION), false, x);
        for (int row = 0; row < 6; row++) {
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                sum += last[row * 4 + k];
            }
            assertEquals(1.0, sum, 1e-6, "row " + row + " sums to 1");
        }
    }

    @Test
    void activationsAreDjlsFunctions() {
        NDArray x = manager.randomNormal(new Shape(3, 7));
        Block relu = LAYERS.activation(ActivationKind.RELU, LayerRole.BODY);
        assertArrayEquals(Activation.relu(x).toFloatArray(), forward(relu, false, x), 0f);
        Block gelu = LAYERS.activation(ActivationKind.GELU, LayerRole.MLP);
        assertArrayEquals(Activation.gelu(x).toFloatArray(), forward(gelu, false, x), 0f);
        NDArray one = manager.ones(new Shape(1));
        // x * Phi(x) at 1: 0.8413447 exactly (erf); the tanh approximation gives 0.8411920.
        assertEquals(0.8413447f, forward(LAYERS.activation(ActivationKind.GELU, LayerRole.MLP), false, one)[0], 1e-6f);
    }

    @Test
    void layerNormNormalisesTheLastAxisOfAnyRank() {
        for (Shape shape : List.of(new Shape(2, 3, 8), new Shape(4, 8))) {
            NDArray x = manager.randomNormal(shape).mul(manager.full(new Shape(), 3f))
                    .add(manager.full(new Shape(), 5f));
            Block norm = LAYERS.norm(NormKind.LAYER, LayerRole.ATTENTION);
            float[] y = forward(norm, true, x);
            assertEquals(new Shape(8), norm.getParameters().get("gamma").getArray().getShape(),
                    "one scale per feature");
            for (int row = 0; row < y.length / 8; row++) {
                double mean = 0;
                double square = 0;
                for (int k = 0; k < 8; k++) {
                    mean += y[row * 8 + k] / 8.0;
                    square += y[row * 8 + k] * (double) y[row * 8 + k] / 8.0;
                }
                assertEquals(0, mean, 1e-5, shape + " row " + row + " mean");
                assertEquals(1, square - mean * mean, 1e-3, shape + " row " + row + " variance (epsilon 1e-5)");
            }
        }
    }

    @Test
    void batchNormIsDjlsDefaultAndNormalisesEachChannelOverTheBatch() {
        Block norm = LAYERS.norm(NormKind.BATCH, LayerRole.BODY);
        assertTrue(norm instanceof BatchNorm);
        NDArray x = manager.randomNormal(new Shape(4, 2, 3, 3)).add(manager.full(new Shape(), 2f));
        float[] y = forward(norm, true, x);
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            for (int n = 0; n < 4; n++) {
                for (int i = 0; i < 9; i++) {
                    mean += y[(n * 2 + c) * 9 + i] / 36.0;
                }
            }
            assertEquals(0, mean, 1e-5, "channel " + c);
        }
    }

    /** A model built through the hooks has the parameters, in the order and under the names, DJL's blocks give. */
    @Test
    void hooksGiveTheSameBlocksAsAddingDjlsOwn() {
        Block viaHooks = new SequentialBlock().add(LAYERS.norm(NormKind.BATCH, LayerRole.STEM))
                .add(LAYERS.activation(ActivationKind.RELU, LayerRole.STEM));
        Block direct = new SequentialBlock().add(BatchNorm.builder().build()).add(Activation.reluBlock());
        Shape input = new Shape(2, 3, 4, 4);
        viaHooks.initialize(manager, DataType.FLOAT32, input);
        direct.initialize(manager, DataType.FLOAT32, input);
        assertEquals(direct.getParameters().keys(), viaHooks.getParameters().keys());
        assertEquals(direct.getChildren().keys(), viaHooks.getChildren().keys());
    }

    @Test
    void noMethodAnswersARequestItDoesNotKnow() {
        BlockRequest request = () -> LayerRole.BODY;
        for (QuantMethod m : Methods.builtIn().all()) {
            int bits = m.supportedBits().iterator().next();
            if (!m.trains()) {
                assertThrows(UnsupportedOperationException.class,
                        () -> m.layers(new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT)), m.id() + " has no layers");
                continue;
            }
            LayerFactory layers = m.layers(new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT));
            assertEquals(Optional.empty(), layers.custom(request), m.id());
        }
    }
}
