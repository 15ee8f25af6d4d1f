package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerRole;
import org.qbench.methods.layers.QuantConv2d;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;

/**
 * Binary convolutions (BRVE's, XNOR-Net's) on the XNOR kernel: sign(x) with sign(0) = 0 times {@code alpha_o
 * sign(W)}, zero-padded after binarization, agree with the fake-quant layer exactly, and only because the zero taps
 * (exact zeros, padding) are corrected. The quantizers are test-only stand-ins with the forward and export of the
 * binary method's.
 */
class BinaryConvParityTest {

    private static final int CHANNELS = 8;
    private static final int OUT = 3;
    private static final int SIZE = 7;
    /** Per output channel; dyadic, so every float sum of +-alpha is exact and the difference is 0, not rounding. */
    private static final float[] ALPHA = {0.75f, 1.25f, 0.5f};

    /** sign(x), codes sign(x); one scale 1 per tensor or one per sample (XNOR-Net: channel axis 0). */
    static final class SignQuantizer extends AbstractQuantizer {
        private final float[] perSample;

        /** {@code perSample} null: one scale 1 per tensor. */
        SignQuantizer(float[] perSample) {
            super(1);
            this.perSample = perSample;
        }

        @Override
        public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
            NDArray sign = x.sign(); // PyTorch: sign(0) = 0
            return perSample == null ? sign
                    : sign.mul(EngineArrays.of(x.getManager(), perSample, new Shape(perSample.length, 1, 1, 1)));
        }

        @Override
        public ExportedTensor export(NDArray x) {
            return perSample == null ? new ExportedTensor(signs(x), new float[] {1f}, x.getShape().getShape(), -1)
                    : new ExportedTensor(signs(x), perSample.clone(), x.getShape().getShape(), 0);
        }
    }

    /** {@code alpha_o sign(W)}, codes sign(W), scales alpha per output channel (axis 0). */
    static final class ScaledSignQuantizer extends AbstractQuantizer {
        private final float[] alpha;

        ScaledSignQuantizer(float[] alpha) {
            super(1);
            this.alpha = alpha;
        }

        @Override
        public NDArray quantize(ParameterStore parameterStore, NDArray w, boolean training) {
            return w.sign().mul(EngineArrays.of(w.getManager(), alpha, new Shape(alpha.length, 1, 1, 1)));
        }

        @Override
        public ExportedTensor export(NDArray w) {
            return new ExportedTensor(signs(w), alpha.clone(), w.getShape().getShape(), 0);
        }
    }

    private static int[] signs(NDArray x) {
        float[] v = x.toFloatArray();
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            codes[i] = (int) Math.signum(v[i]);
        }
        return codes;
    }

    /** A layer, its input (about 1 in 8 values exactly 0) and its fake-quant output. */
    private record Case(QuantConv2d conv, NDArray x, float[] fakeQuant) {}

    private static Case binaryConv(NDManager manager, int kernel, int stride, int padding, float[] perSample,
            boolean zeros, long seed) {
        Random rnd = new Random(seed);
        Shape input = new Shape(2, CHANNELS, SIZE, SIZE);
        QuantConv2d conv = new QuantConv2d(ConvSpec.of(OUT, kernel, LayerRole.BODY).withStride(stride)
                .withPadding(padding).withBias(true), new ScaledSignQuantizer(ALPHA), new SignQuantizer(perSample));
        conv.initialize(manager, DataType.FLOAT32, input);
        float[] w = new float[OUT * CHANNELS * kernel * kernel];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        if (zeros) {
            w[5] = 0f; // an exact zero weight: sign 0, the tap contributes nothing
        }
        EngineArrays.assign(conv.weightArray(), w);
        EngineArrays.assign(conv.biasArray().orElseThrow(), new float[] {0.25f, -1f, 0f});
        float[] v = new float[(int) input.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = zeros && rnd.nextInt(8) == 0 ? 0f : (float) rnd.nextGaussian();
        }
        NDArray x = EngineArrays.of(manager, v, input);
        float[] fq = conv.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                .toFloatArray();
        return new Case(conv, x, fq);
    }

    @ParameterizedTest(name = "{0}x{0} stride {1}, per-sample scales {2}")
    @CsvSource({"3,1,false", "3,2,false", "5,1,false", "5,2,false", "3,1,true", "5,2,true"})
    void binaryConvolutionsRunOnXnorAndMatchTheSimulatedLayerExactly(int kernel, int stride, boolean perSample) {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] scales = perSample ? new float[] {0.5f, 2f} : null;
            Case c = binaryConv(manager, kernel, stride, 1, scales, true, kernel * 7L + stride);
            IntegerLayer il = IntegerLayer.of(c.conv(), c.x()).orElseThrow();
            assertEquals("binary-xnor+zero-taps", il.kernel());
            LayerParity parity = ParityCheck.compare(0, c.conv(), il, c.fakeQuant());
            assertEquals(0.0, parity.maxDiffLsb(), "differences in LSBs");
            assertEquals(1.0, parity.exactFraction());
            assertEquals(1, parity.weightBits());
            assertEquals(1, parity.inputBits());
            for (int e = 0; e < il.size(); e++) { // what the integer evaluation hands on
                assertEquals(c.fakeQuant()[e], il.value(e), 1e-6, "output " + e);
            }
        }
    }

    @Test
    void withoutTheZeroTapCorrectionTheBorderWouldBeWrong() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // no exact zeros: the only zero taps are the padding, so only border outputs may differ
            Case c = binaryConv(manager, 3, 1, 1, null, false, 11);
            IntegerLayer corrected = IntegerLayer.of(c.conv(), c.x()).orElseThrow();
            IntegerLayer plain = IntegerLayer.of(c.conv(), c.x(), false).orElseThrow();
            assertEquals("binary-xnor+zero-taps", corrected.kernel());
            assertEquals("binary-xnor", plain.kernel());
            assertEquals(0.0, ParityCheck.compare(0, c.conv(), corrected, c.fakeQuant()).maxDiffLsb());
            assertTrue(ParityCheck.compare(0, c.conv(), plain, c.fakeQuant()).maxDiffLsb() > 0.5);
            int borderDiffering = 0;
            for (int e = 0; e < plain.size(); e++) {
                int p = e % (SIZE * SIZE);
                int y = p / SIZE;
                int z = p % SIZE;
                boolean border = y == 0 || z == 0 || y == SIZE - 1 || z == SIZE - 1;
                if (plain.acc(e) != corrected.acc(e)) {
                    assertTrue(border, "an interior output " + e + " differs without zero taps");
                    borderDiffering++;
                }
            }
            assertTrue(borderDiffering > 0, "the uncorrected kernel differs on the border");
        }
    }

    @Test
    void withNoZeroTapTheKernelIsPlainXnor() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Case c = binaryConv(manager, 3, 1, 0, null, false, 5);
            IntegerLayer il = IntegerLayer.of(c.conv(), c.x()).orElseThrow();
            assertEquals("binary-xnor", il.kernel());
            assertEquals(0.0, ParityCheck.compare(0, c.conv(), il, c.fakeQuant()).maxDiffLsb());
        }
    }
}
