package org.qbench.methods.pams;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * PAMS's weight quantizer ({@code quant_weight} in the official code): symmetric, per layer, by the weights' own
 * maximum, with no learned scale: {@code m = max|W| + 1e-8} (detached), {@code d = m / Q}, {@code Q = 2^(b-1) - 1},
 * {@code W_q = round(W / d) d} with a straight-through round, so {@code dW_q/dW = 1} everywhere (no clip: every
 * weight lies within {@code [-m, m]}).
 */
public final class PamsWeightQuantizer extends AbstractQuantizer {

    /** The code's guard added to {@code max|W|}. */
    static final float EPSILON = 1e-8f;

    /** A quantizer for {@code bits} in 2..8. */
    public PamsWeightQuantizer(int bits) {
        super(validBits(bits, "PAMS weights"));
        if (bits < 2) {
            throw new IllegalArgumentException("PAMS needs 2..8 bits (a symmetric 1-bit grid has only 0), got " + bits);
        }
    }

    /** {@code Q = 2^(b-1) - 1}. */
    public int qmax() {
        return (1 << (bits() - 1)) - 1;
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray w, boolean training) {
        NDArray m = w.stopGradient().abs().max().add(StraightThrough.constant(w, EPSILON));
        NDArray step = m.div(StraightThrough.constant(w, qmax()));
        return StraightThrough.round(w.div(step)).mul(step);
    }

    /** Codes {@code rint(W / d)} with the one scale {@code d = (max|W| + 1e-8) / Q}, the forward's floats. */
    @Override
    public ExportedTensor export(NDArray w) {
        float[] v = w.toType(DataType.FLOAT32, false).toFloatArray();
        float max = 0f;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        float step = (max + EPSILON) / qmax();
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            codes[i] = (int) Math.rint(v[i] / step);
        }
        return new ExportedTensor(codes, new float[] {step}, w.getShape().getShape(), -1);
    }
}
