package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * The 1-bit weight quantizer of a {@link BinaryOperator}: {@code W_b = alpha sign(W)} with {@code alpha} per output
 * channel (axis 0) the mean of {@code |W|} over the other axes, treated as a constant (BNN: {@code alpha = 1}); the
 * gradient to {@code W} is the upstream gradient where {@code |W| <= 1} and 0 elsewhere, with no {@code alpha} term.
 *
 * <p>This is IR-Net's and BBCU's {@code HardBinaryConv}, which BRVE's {@code DABC.py} uses:
 * {@code (alpha sign(W)).detach() - clip(W, -1, 1).detach() + clip(W, -1, 1)}; written here
 * {@code (clip - sg(clip)) + sg(alpha sign(W))}, the same gradient, but the first difference is exactly 0 so the
 * forward value is {@code alpha sign(W)} bit for bit ({@code (v - c) + c} is not always {@code v} in floating point).
 * {@code sign(0) = 0}, as in PyTorch.
 */
public final class BinaryWeightQuantizer extends AbstractQuantizer {

    private final BinaryOperator op;

    /**
     * The weight quantizer of {@code op}.
     *
     * @param op the operator
     */
    public BinaryWeightQuantizer(BinaryOperator op) {
        super(1);
        this.op = op;
    }

    /** The operator. */
    public BinaryOperator operator() {
        return op;
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray w, boolean training) {
        NDArray c = w.clip(-1, 1);
        NDArray b = w.sign();
        if (op.weightScale()) {
            b = b.mul(StraightThrough.perChannelMeanAbs(w));
        }
        return c.sub(c.stopGradient()).add(b.stopGradient());
    }

    /**
     * Codes {@code sign(W)} in {-1, 0, +1}, scales {@code alpha} per output channel ({@code channelAxis 0}) from the
     * forward's own engine reduction, or 1 per tensor for BNN; {@code code * scale} is the forward value bit for bit.
     */
    @Override
    public ExportedTensor export(NDArray w) {
        float[] v = w.toFloatArray();
        long[] shape = w.getShape().getShape();
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            codes[i] = v[i] > 0 ? 1 : v[i] < 0 ? -1 : 0;
        }
        if (!op.weightScale()) {
            return new ExportedTensor(codes, new float[] {1f}, shape, -1);
        }
        try (NDManager scope = w.getManager().newSubManager()) {
            NDArray copy = w.duplicate();
            copy.attach(scope);
            return new ExportedTensor(codes, StraightThrough.perChannelMeanAbs(copy).toFloatArray(), shape, 0);
        }
    }
}
