package org.qbench.tasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.LayerCost;
import org.qbench.tasks.cls.ClassificationTask;

/**
 * The cost model against closed forms worked out by hand for the smoke model, a ResNet-8 of width 4 on one
 * 1x28x28 Fashion-MNIST image (stages at 28x28, 14x14 and 7x7 with widths 4, 8 and 16).
 */
class ModelCostTest {

    /** Per layer, in forward order: output pixels x out channels x in channels x kernel area. */
    private static final long[] MACS = {
        28 * 28 * 4 * 1 * 9L, // stem
        28 * 28 * 4 * 4 * 9L, 28 * 28 * 4 * 4 * 9L, // stage 1
        14 * 14 * 8 * 4 * 9L, 14 * 14 * 8 * 8 * 9L, 14 * 14 * 8 * 4L, // stage 2: conv, conv, 1x1 shortcut
        7 * 7 * 16 * 8 * 9L, 7 * 7 * 16 * 16 * 9L, 7 * 7 * 16 * 8L, // stage 3
        16 * 10L, // classifier
    };
    private static final long[] WEIGHTS = {4 * 9, 16 * 9, 16 * 9, 32 * 9, 64 * 9, 32, 128 * 9, 256 * 9, 128, 160};
    private static final long CLASSIFIER_BIAS = 10;
    /** Batch-norm gamma and beta after the stem and each conv: 2 x (4 + 2*4 + 3*8 + 3*16). */
    private static final long BN_PARAMS = 2 * (4 + 2 * 4 + 3 * 8 + 3 * 16);

    private static CostBreakdown cost(String method, int bits, FirstLastPrecision firstLast) {
        return ClassificationTask.fashionMnist().cost(Methods.builtIn().get(method), new MethodConfig(bits, firstLast), Budget.SMOKE);
    }

    @Test
    void fullPrecisionMatchesTheClosedFormLayerByLayer() {
        CostBreakdown c = cost("fp32", MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.EIGHT_BIT);
        List<LayerCost> layers = c.layers();
        assertEquals(MACS.length, layers.size());
        for (int i = 0; i < MACS.length; i++) {
            LayerCost l = layers.get(i);
            long params = WEIGHTS[i] + (i == MACS.length - 1 ? CLASSIFIER_BIAS : 0);
            assertEquals(i + 1, l.index());
            assertEquals(MACS[i], l.macs(), "MACs of layer " + l.index());
            assertEquals(params, l.params(), "params of layer " + l.index());
            assertEquals(32 * params, l.modelBits());
            assertEquals(MACS[i] * 32 * 32, l.bops());
            assertEquals(MACS[i], l.ops(), "a full-precision layer counts its MACs as OPs");
        }
        assertEquals("conv 3x3 s1", layers.get(0).layer());
        assertEquals("first", layers.get(0).position());
        assertEquals("4x1x3x3", layers.get(0).weightShape());
        assertEquals("conv 1x1 s2", layers.get(5).layer());
        assertEquals("linear", layers.get(9).layer());
        assertEquals("10x16", layers.get(9).weightShape());
        assertEquals(BN_PARAMS, c.otherParams());
        assertEquals(32 * BN_PARAMS, c.otherBits());
        long params = LongStream.of(WEIGHTS).sum() + CLASSIFIER_BIAS + BN_PARAMS;
        assertEquals(params, c.total().params());
        assertEquals(32 * params, c.total().modelBits());
        assertEquals(LongStream.of(MACS).sum(), c.total().macs());
        assertEquals(LongStream.of(MACS).sum(), c.ops());
    }

    @Test
    void quantizedLayersCountBitsBopsAndBiRealOps() {
        CostBreakdown c = cost("lsq", 2, FirstLastPrecision.EIGHT_BIT);
        long bops = 0;
        long ops = 0;
        for (LayerCost l : c.layers()) {
            int i = l.index() - 1;
            int b = i == 0 || i == MACS.length - 1 ? 8 : 2; // first and last at 8 bits
            assertEquals(b, l.weightBits());
            assertEquals(b, l.inputBits());
            assertEquals(MACS[i] * b * b, l.bops(), "BOPs = MACs x b_w x b_a, layer " + l.index());
            assertEquals((MACS[i] * b * b + 63) / 64, l.ops(), "Bi-Real OPs = BOPs / 64 rounded up, layer " + l.index());
            // Weights at b bits, plus LSQ's step sizes (32 bits each) and the classifier's bias.
            long stored = l.modelBits() - WEIGHTS[i] * b - (i == MACS.length - 1 ? 32 * CLASSIFIER_BIAS : 0);
            assertEquals(0, stored % 32, "quantizer parameters are stored at 32 bits");
            bops += l.bops();
            ops += l.ops();
        }
        assertEquals(bops, c.total().bops());
        assertEquals(ops, c.ops());
    }

    @Test
    void binaryLayersCountMacsOverSixtyFour() {
        // No shipped CNN method runs at 1 bit yet; the cost model does not ask the method's bit list.
        CostBreakdown c = cost("dorefa", 1, FirstLastPrecision.FP32);
        LayerCost hidden = c.layers().get(1);
        assertEquals(1, hidden.weightBits());
        assertEquals(1, hidden.inputBits());
        assertEquals(MACS[1], hidden.bops());
        assertEquals((MACS[1] + 63) / 64, hidden.ops());
        LayerCost first = c.layers().get(0);
        assertEquals(MethodConfig.FULL_PRECISION_BITS, first.weightBits());
        assertEquals(MACS[0], first.ops(), "a full-precision first layer counts as FLOPs");
    }

    /**
     * BRVE's counter conventions (sr-lowlight.md §3.6) on a stem, one DABC around a binary 3x3 conv and a head: the
     * binary conv's weights at 1 bit (1/32 of a float) and its OPs MACs/64; the DABC's bias, RPReLU and DACA weights
     * as full-precision parameters outside the layer rows.
     */
    @Test
    void brveBinaryConvsCountOneBitWeightsAndMacsOverSixtyFour() {
        org.qbench.methods.LayerFactory f = Methods.builtIn().get("brve")
                .layers(new MethodConfig(1, FirstLastPrecision.FP32));
        ai.djl.nn.SequentialBlock net = new ai.djl.nn.SequentialBlock()
                .add(f.conv2d(org.qbench.methods.ConvSpec.of(8, 3, org.qbench.methods.LayerRole.STEM).withPadding(1)))
                .add(new org.qbench.methods.binary.Dabc(8, f.conv2d(
                        org.qbench.methods.ConvSpec.of(8, 3, org.qbench.methods.LayerRole.BODY).withPadding(1))))
                .add(f.conv2d(org.qbench.methods.ConvSpec.of(4, 3, org.qbench.methods.LayerRole.HEAD).withPadding(1)));
        CostBreakdown c = ModelCost.ofShapes("brve", net, new ai.djl.ndarray.types.Shape(4, 8, 8));
        long binaryMacs = 8 * 8 * 8 * 8 * 9L;
        LayerCost binary = c.layers().get(1);
        assertEquals(1, binary.weightBits());
        assertEquals(1, binary.inputBits());
        assertEquals(8 * 8 * 9L, binary.params());
        assertEquals(8 * 8 * 9L, binary.modelBits(), "one bit per binary weight");
        assertEquals(binaryMacs, binary.bops());
        assertEquals(binaryMacs / 64, binary.ops());
        LayerCost stem = c.layers().get(0);
        assertEquals(MethodConfig.FULL_PRECISION_BITS, stem.weightBits());
        assertEquals(stem.macs(), stem.ops());
        // LearnableBias 8 + RPReLU 3 x 8 + DACA 3 x 3, all at 32 bits.
        assertEquals(8 + 24 + 9, c.otherParams());
        assertEquals(32L * (8 + 24 + 9), c.otherBits());
    }

    @Test
    void resNet20OnCifar10HasTheWellKnownSize() {
        // He et al.'s ResNet-20 (0.27M parameters, about 41M MACs), here with 1x1 projection shortcuts.
        CostBreakdown c = ClassificationTask.cifar10().cost(Methods.builtIn().get("fp32"),
                new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.EIGHT_BIT), Budget.PAPER);
        long convWeights = 3 * 16 * 9 + 6 * 16 * 16 * 9 // stem, stage 1
                + 16 * 32 * 9 + 5 * 32 * 32 * 9 + 16 * 32 // stage 2 with its shortcut
                + 32 * 64 * 9 + 5 * 64 * 64 * 9 + 32 * 64; // stage 3 with its shortcut
        long classifier = 64 * 10 + 10;
        long batchNorm = 2 * (16 + 6 * 16 + 6 * 32 + 32 + 6 * 64 + 64);
        assertEquals(272_474, convWeights + classifier + batchNorm);
        assertEquals(272_474, c.total().params());
        long macs = 32 * 32 * 16 * 3 * 9L + 6 * 32 * 32 * 16 * 16 * 9L
                + 16 * 16 * 32 * 16 * 9L + 5 * 16 * 16 * 32 * 32 * 9L + 16 * 16 * 32 * 16L
                + 8 * 8 * 64 * 32 * 9L + 5 * 8 * 8 * 64 * 64 * 9L + 8 * 8 * 64 * 32L
                + 64 * 10L;
        assertEquals(40_813_184, macs);
        assertEquals(macs, c.total().macs());
        assertEquals(22, c.layers().size(), "the stem, 18 block convolutions, 2 shortcuts and the classifier");
    }

    @Test
    void theTotalIsWhatARunRecords() {
        CostBreakdown c = cost("n2uq", 3, FirstLastPrecision.SAME);
        long params = c.otherParams() + c.layers().stream().mapToLong(LayerCost::params).sum();
        long bits = c.otherBits() + c.layers().stream().mapToLong(LayerCost::modelBits).sum();
        assertEquals(params, c.total().params());
        assertEquals(bits, c.total().modelBits());
        assertEquals(c.layers().stream().mapToLong(LayerCost::macs).sum(), c.total().macs());
        c.layers().forEach(l -> assertEquals(3, l.weightBits()));
    }
}
