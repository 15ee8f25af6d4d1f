package org.qbench.methods.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.WithManager;

/**
 * The quantized layers in full precision (identity quantizers) against DJL's own blocks holding the same
 * weights, their cost, and their geometry.
 */
class QuantConv2dTest extends WithManager {

    private QuantConv2d fpConv(ConvSpec spec) {
        return new QuantConv2d(spec, new IdentityQuantizer(), new IdentityQuantizer());
    }

    private float[] forward(Block block, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                .toFloatArray();
    }

    /** Copies {@code from}'s parameter into {@code to}'s of the same name. */
    private static void copy(Block from, String fromName, Block to, String toName) {
        EngineArrays.assign(to.getParameters().get(toName).getArray(),
                from.getParameters().get(fromName).getArray().toFloatArray());
    }

    @ParameterizedTest(name = "k{0} s{1} p{2} d{3} g{4} bias={5}")
    @CsvSource({
        "3, 1, 1, 1, 1, false", "3, 1, 1, 1, 1, true", "3, 2, 1, 1, 2, true", "3, 1, 2, 2, 1, true",
        "3, 1, 2, 2, 4, false", "3, 1, 1, 1, 8, true", "1, 2, 0, 1, 2, false", "5, 2, 4, 2, 2, true",
    })
    void matchesDjlsConv2dWithTheSameWeights(
            int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        ConvSpec spec = ConvSpec.of(8, kernel, LayerRole.BODY).withStride(stride).withPadding(padding)
                .withDilation(dilation).withGroups(groups).withBias(bias);
        Shape input = new Shape(2, 8, 9, 9);
        Conv2d reference = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(8)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation)).optGroups(groups).optBias(bias).build();
        reference.initialize(manager, DataType.FLOAT32, input);
        QuantConv2d conv = fpConv(spec);
        conv.initialize(manager, DataType.FLOAT32, input);
        assertEquals(reference.getParameters().get("weight").getArray().getShape(), conv.weightArray().getShape());
        copy(reference, "weight", conv, "weight");
        if (bias) {
            NDArray b = manager.randomNormal(new Shape(8));
            EngineArrays.assign(reference.getParameters().get("bias").getArray(), b.toFloatArray());
            EngineArrays.assign(conv.getParameters().get("bias").getArray(), b.toFloatArray());
        }
        assertEquals(bias, conv.biasArray().isPresent());
        NDArray x = manager.randomNormal(input);
        float[] expected = forward(reference, x);
        assertArrayEquals(expected, forward(conv, x), 1e-5f);
        assertEquals(reference.getOutputShapes(new Shape[] {input})[0], conv.getOutputShapes(new Shape[] {input})[0]);
    }

    @Test
    void aConvWithoutBiasHasOnlyItsWeightAsBefore() {
        QuantConv2d conv = fpConv(ConvSpec.of(4, 3, LayerRole.BODY));
        conv.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 5, 5));
        assertEquals(java.util.List.of("weight"), conv.getParameters().keys());
        QuantConv2d withBias = fpConv(ConvSpec.of(4, 3, LayerRole.BODY).withBias(true));
        withBias.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 5, 5));
        assertEquals(java.util.List.of("weight", "bias"), withBias.getParameters().keys());
    }

    @Test
    void groupedMacsCountOneGroupsChannelsPerOutput() {
        // 16 -> 32 channels, 3x3, groups 4, 8x8 output: 32 * 64 outputs x (16 / 4) x 9 taps.
        QuantConv2d conv = fpConv(ConvSpec.of(32, 3, LayerRole.BODY).withPadding(1).withGroups(4));
        Shape input = new Shape(2, 16, 8, 8);
        conv.initialize(manager, DataType.FLOAT32, input);
        forward(conv, manager.randomNormal(input));
        assertEquals(32L * 64 * 4 * 9, conv.macsPerSample());
        QuantConv2d dense = fpConv(ConvSpec.of(32, 3, LayerRole.BODY).withPadding(1));
        dense.initialize(manager, DataType.FLOAT32, input);
        forward(dense, manager.randomNormal(input));
        assertEquals(4 * conv.macsPerSample(), dense.macsPerSample());
        QuantConv2d depthwise =
                fpConv(ConvSpec.of(16, 3, LayerRole.BODY).withPadding(2).withDilation(2).withGroups(16));
        depthwise.initialize(manager, DataType.FLOAT32, input);
        forward(depthwise, manager.randomNormal(input));
        assertEquals(16L * 64 * 9, depthwise.macsPerSample(), "dilation moves taps, it does not add any");
    }

    @Test
    void inputChannelsThatDoNotDivideByTheGroupsAreRefused() {
        QuantConv2d conv = fpConv(ConvSpec.of(8, 3, LayerRole.BODY).withGroups(4));
        assertEquals("input channels (6) must divide by ConvSpec.groups (4)",
                assertThrows(IllegalArgumentException.class,
                        () -> conv.initialize(manager, DataType.FLOAT32, new Shape(1, 6, 5, 5))).getMessage());
    }

    @Test
    void geometrySaysWhenOneGemmComputesTheLayer() {
        LayerGeometry dense = fpConv(ConvSpec.of(8, 3, LayerRole.BODY).withStride(2).withPadding(1)).geometry();
        assertEquals(new LayerGeometry(true, 3, 2, 1), dense);
        assertTrue(dense.denseGemm());
        assertEquals("conv 3x3 s2", dense.describe());
        LayerGeometry grouped = fpConv(ConvSpec.of(8, 3, LayerRole.BODY).withDilation(2).withGroups(2)).geometry();
        assertEquals(false, grouped.denseGemm());
        assertEquals("conv 3x3 s1 d2 g2", grouped.describe());
        assertEquals("linear", LayerGeometry.LINEAR.describe());
        assertTrue(LayerGeometry.LINEAR.denseGemm());
    }

    @Test
    void linearMatchesDjlsWithAndWithoutBiasAndCountsEveryToken() {
        for (boolean bias : new boolean[] {true, false}) {
            Shape input = new Shape(2, 3, 6);
            Linear reference = Linear.builder().setUnits(5).optBias(bias).build();
            reference.initialize(manager, DataType.FLOAT32, input);
            QuantLinear linear = new QuantLinear(LinearSpec.of(5, LayerRole.MLP).withBias(bias),
                    new IdentityQuantizer(), new IdentityQuantizer());
            linear.initialize(manager, DataType.FLOAT32, input);
            copy(reference, "weight", linear, "weight");
            if (bias) {
                NDArray b = manager.randomNormal(new Shape(5));
                EngineArrays.assign(reference.getParameters().get("bias").getArray(), b.toFloatArray());
                EngineArrays.assign(linear.getParameters().get("bias").getArray(), b.toFloatArray());
            }
            assertEquals(bias, linear.biasArray().isPresent());
            NDArray x = manager.randomNormal(input);
            assertArrayEquals(forward(reference, x), forward(linear, x), 1e-5f, "bias=" + bias);
            assertEquals(3L * 6 * 5, linear.macsPerSample(), "three tokens of 6 x 5 products");
        }
    }
}
