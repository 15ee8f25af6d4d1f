package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.qbench.methods.quantsr.RlqQuantizer;

/**
 * QuantSR's redistribution shift tau on the integer path. The conv consumes {@code Q(x + tau)} and pads that with
 * zeros, so an integer engine folds tau into the activation quantizer's thresholds (codes of {@code x + tau}, which
 * {@link RlqQuantizer#export} gives) and pads the codes with 0: that matches the simulation everywhere. Folding tau
 * into the conv's bias instead (codes of {@code x}, bias {@code + sum_k w_k tau}), as a zero point would be folded,
 * holds only in the interior: at the zero-padded border the padded taps contribute 0 in training, not
 * {@code w tau}.
 */
class RlqShiftParityTest {

    private static final int C = 3;
    private static final Shape INPUT = new Shape(1, C, 5, 6);
    private static final float STEP = 0.25f;
    /** Whole steps, so that {@code Q(x + tau) = Q(x) + tau} exactly away from the clip: the bias fold's best case. */
    private static final float[] TAU = {0.5f, -0.25f, 0.75f};

    private static QuantConv2d conv(NDManager manager, NDArray x) {
        QuantConv2d conv = (QuantConv2d) Methods.builtIn().get("quantsr")
                .layers(new MethodConfig(8, FirstLastPrecision.FP32))
                .conv2d(ConvSpec.of(2, 3, LayerRole.BODY).withPadding(1).withBias(true).withSignedInput(true));
        conv.initialize(manager, DataType.FLOAT32, INPUT);
        conv.forward(new ParameterStore(manager, false), new NDList(x), true); // calibrates the steps and signedness
        RlqQuantizer in = (RlqQuantizer) conv.inputQuantizer();
        in.calibrate(STEP, true);
        in.setTau(TAU);
        return conv;
    }

    @Test
    void theShiftFoldedIntoTheThresholdsMatchesTheSimulationAtEveryPositionBordersIncluded() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomUniform(-3f, 3f, INPUT);
            QuantConv2d conv = conv(manager, x);
            float[] simulated = conv.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            IntegerLayer il = IntegerLayer.of(conv, x).orElseThrow();
            LayerParity parity = ParityCheck.compare(1, conv, il, simulated);
            assertTrue(parity.maxDiffLsb() < 0.5, "max difference " + parity.maxDiffLsb() + " LSB");
            assertEquals(1.0, parity.exactFraction());
        }
    }

    @Test
    void foldingTheShiftIntoTheBiasIsRightInTheInteriorAndWrongAtTheBorder() {
        Engine.getInstance().setRandomSeed(6);
        try (NDManager manager = NDManager.newBaseManager()) {
            // Inside the 8-bit range after the shift, so no code clips and Q(x + tau) = Q(x) + tau exactly.
            NDArray x = manager.randomUniform(-10f, 10f, INPUT);
            QuantConv2d conv = conv(manager, x);
            float[] simulated = conv.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            float[] w = conv.weightQuantizer().quantize(new ParameterStore(manager, false), conv.weightArray(), false)
                    .toFloatArray();
            float[] bias = conv.biasArray().orElseThrow().toFloatArray();
            float[] xs = x.toFloatArray();
            int h = 5;
            int wd = 6;
            int interior = 0;
            int border = 0;
            for (int o = 0; o < 2; o++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < wd; z++) {
                        // Codes of x alone, zero padding, plus the folded bias sum over all nine taps of w tau.
                        double folded = bias[o];
                        for (int c = 0; c < C; c++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    double wk = w[((o * C + c) * 3 + ky) * 3 + kx];
                                    folded += wk * TAU[c];
                                    int iy = y - 1 + ky;
                                    int ix = z - 1 + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        folded += wk * STEP * Math.rint(xs[(c * h + iy) * wd + ix] / STEP);
                                    }
                                }
                            }
                        }
                        double trained = simulated[(o * h + y) * wd + z];
                        boolean atBorder = y == 0 || z == 0 || y == h - 1 || z == wd - 1;
                        if (atBorder) {
                            border++;
                            assertTrue(Math.abs(folded - trained) > 1e-3, "border (" + y + ", " + z + ") differs");
                        } else {
                            interior++;
                            assertEquals(trained, folded, 1e-3, "interior (" + y + ", " + z + ") agrees");
                        }
                    }
                }
            }
            assertEquals(2 * 3 * 4, interior);
            assertEquals(2 * (5 * 6 - 3 * 4), border);
        }
    }
}
