package org.qbench.methods.dorefa;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * DoReFa's weight quantizer (Zhou et al., 2016): for k &gt; 1 bits,
 * {@code w_q = 2 quant_k(tanh(w) / (2 max|tanh(w)|) + 1/2) - 1} with {@code quant_k(r) = round((2^k-1) r) /
 * (2^k-1)} and a straight-through round; for k = 1, {@code w_q = mean|w| sign(w)} with a straight-through
 * sign. The levels are symmetric and have no zero for k &gt; 1 ({@code 2^k} odd multiples of {@code 1/L}).
 *
 * <p>{@code max|tanh(w)|} is treated as a constant in the backward pass (stop-gradient), as in common
 * implementations; the paper does not say.
 *
 * <p>Guard: for k &gt; 1 the normaliser is {@code max(max|tanh(w)|, 1e-8)} (see {@link #MIN_MAX_TANH}), in the
 * forward pass and in {@link #export} alike; an all-zero tensor then quantizes to the level just above zero,
 * {@code 1/L} (code 1), instead of {@code 0/0}.
 */
public final class DorefaWeightQuantizer extends AbstractQuantizer {

    /**
     * Floor on {@code max|tanh(w)|}, {@code 1e-8}: it is 0 for an all-zero weight tensor (a freshly zeroed
     * layer, a pruned one), and {@code tanh(w) / (2 max)} is then {@code 0/0}.
     * A real tensor's maximum is far above 1e-8, so the floor changes no trained value; at the floor the weight
     * gradient {@code (1 - tanh^2(w)) / max} is at most 1e8 times the upstream gradient: large, but finite.
     */
    static final float MIN_MAX_TANH = 1e-8f;

    /** A quantizer for {@code bits} in 1..8. */
    public DorefaWeightQuantizer(int bits) {
        super(validBits(bits, "DoReFa weights"));
    }


    private float levels() {
        return (1 << bits()) - 1;
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray w, boolean training) {
        if (bits() == 1) {
            NDArray scaled = w.abs().mean().stopGradient().mul(w.sign().stopGradient());
            return w.add(scaled.sub(w).stopGradient());
        }
        NDArray t = w.tanh();
        NDArray max = t.abs().max().stopGradient().maximum(StraightThrough.constant(w, MIN_MAX_TANH));
        NDArray r = t.div(max.mul(StraightThrough.constant(w, 2f))).add(StraightThrough.constant(w, 0.5f));
        NDArray l = StraightThrough.constant(w, levels());
        NDArray q = StraightThrough.round(r.mul(l)).div(l);
        return q.mul(StraightThrough.constant(w, 2f)).sub(StraightThrough.constant(w, 1f));
    }

    /**
     * Codes are the odd integers {@code 2 round(L r) - L} in {@code [-L, L]} with scale {@code 1/L}; code x
     * scale equals the fake-quantized value to within one float rounding. The normaliser has the same
     * {@link #MIN_MAX_TANH} floor as the forward pass.
     */
    @Override
    public ExportedTensor export(NDArray w) {
        float[] v = w.toFloatArray();
        int[] codes = new int[v.length];
        float l = levels();
        if (bits() == 1) {
            double meanAbs = 0;
            for (float x : v) {
                meanAbs += Math.abs(x);
            }
            for (int i = 0; i < v.length; i++) {
                codes[i] = v[i] > 0 ? 1 : v[i] < 0 ? -1 : 0;
            }
            return new ExportedTensor(codes, new float[] {(float) (meanAbs / v.length)}, w.getShape().getShape(), -1);
        }
        float max = MIN_MAX_TANH;
        for (float x : v) {
            max = Math.max(max, Math.abs((float) Math.tanh(x)));
        }
        for (int i = 0; i < v.length; i++) {
            float r = (float) Math.tanh(v[i]) / (2 * max) + 0.5f;
            codes[i] = 2 * (int) Math.rint(r * l) - (int) l;
        }
        return new ExportedTensor(codes, new float[] {1f / l}, w.getShape().getShape(), -1);
    }
}
