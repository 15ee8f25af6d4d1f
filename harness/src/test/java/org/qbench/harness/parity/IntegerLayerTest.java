package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.layers.QuantConv2d;
import org.qbench.methods.quant.EngineArrays;

/** The integer path on the convolutions the spec allows: a bias it adds, and groups or dilation it refuses. */
class IntegerLayerTest {

    private static final Shape INPUT = new Shape(2, 4, 6, 6);

    /** An LSQ 4-bit hidden convolution, its step sizes set by one training forward on {@code x}. */
    private static QuantConv2d calibrated(NDManager manager, ConvSpec spec, NDArray x) {
        QuantConv2d conv = (QuantConv2d) Methods.builtIn().get("lsq")
                .layers(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT)).conv2d(spec);
        conv.initialize(manager, DataType.FLOAT32, INPUT);
        conv.forward(new ParameterStore(manager, false), new NDList(x), true);
        return conv;
    }

    @Test
    void aConvolutionsBiasIsAddedAfterTheIntegerProduct() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomUniform(0f, 1f, INPUT);
            QuantConv2d conv = calibrated(manager, ConvSpec.of(4, 3, LayerRole.BODY).withPadding(1).withBias(true), x);
            EngineArrays.assign(conv.biasArray().orElseThrow(), new float[] {0.5f, -0.25f, 1f, 0f});
            float[] fakeQuant = conv.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            IntegerLayer il = IntegerLayer.of(conv, x).orElseThrow();
            LayerParity parity = ParityCheck.compare(1, conv, il, fakeQuant);
            assertTrue(parity.maxDiffLsb() < 0.5, "max difference " + parity.maxDiffLsb() + " LSB");
            assertEquals(1.0, parity.exactFraction(), "every accumulator rounds to the fake-quant value");
            assertEquals("hidden", parity.position());
        }
    }

    @Test
    void groupedOrDilatedConvolutionsAreRefusedNotMislowered() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomUniform(0f, 1f, INPUT);
            for (ConvSpec spec : new ConvSpec[] {
                ConvSpec.of(4, 3, LayerRole.BODY).withPadding(1).withGroups(2),
                ConvSpec.of(4, 3, LayerRole.BODY).withPadding(2).withDilation(2),
            }) {
                QuantConv2d conv = calibrated(manager, spec, x);
                String message = assertThrows(IllegalStateException.class, () -> IntegerLayer.of(conv, x)).getMessage();
                assertTrue(message.startsWith("no integer lowering for " + conv.geometry().describe()), message);
            }
        }
    }
}
