package org.qbench.methods.n2uq;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * N2UQ's weight quantizer, the "entropy-preserving" L1 normalisation (official code, notes §2.4): per output
 * channel {@code sigma_o = sg(gamma * mean|W_o|)} with {@code gamma = (2^n - 1) / 2^(n-1)},
 * {@code W_n = W / sigma_o}, {@code q = 2/L round((clamp(W_n, -1, 1) + 1) L/2) - 1} with {@code L = 2^n - 1}
 * ({@code 2^n} symmetric levels, no zero), forward {@code sigma_o q}, backward a pure unclipped STE with factor
 * {@code 1/sigma_o}.
 *
 * <p>Guard: {@code sigma_o} is floored at {@code 1e-8} (see {@link #MIN_SIGMA}), in the forward pass and in
 * {@link #export} alike; an all-zero output channel then quantizes to {@code sigma q} with {@code q} the level
 * at the midpoint ({@code 1/L}, code 1, for n &gt; 1; {@code -1}, code -1, for n = 1: round half to even),
 * instead of {@code 0/0}.
 */
public final class N2uqWeightQuantizer extends AbstractQuantizer {

    /**
     * Floor on {@code sigma_o = gamma mean|W_o|}, {@code 1e-8}: it is 0 for an all-zero output channel (a
     * zero-initialised or pruned filter), and {@code W / sigma_o} is then {@code 0/0}.
     * A real channel's sigma is far above 1e-8, so the floor changes no trained value; at the floor
     * the STE gradient {@code 1/sigma_o} is at most 1e8 times the upstream gradient: large, but finite.
     */
    static final float MIN_SIGMA = 1e-8f;

    /** A quantizer for {@code bits} in 1..8. */
    public N2uqWeightQuantizer(int bits) {
        super(validBits(bits, "N2UQ weights"));
    }


    private float levels() {
        return (1 << bits()) - 1;
    }

    /** gamma = (2^n - 1) / 2^(n-1): with it, uniformly distributed weights fill every level equally. */
    float gamma() {
        return levels() / (1 << (bits() - 1));
    }

    @Override
    public NDArray quantize(ParameterStore ps, NDArray w, boolean training) {
        NDArray sigma = StraightThrough.perChannelMeanAbs(w.stopGradient()).mul(StraightThrough.constant(w, gamma()))
                .maximum(StraightThrough.constant(w, MIN_SIGMA));
        NDArray wn = w.div(sigma);
        NDArray half = StraightThrough.constant(w, levels() / 2f);
        NDArray q = wn.stopGradient().clip(-1, 1).add(StraightThrough.constant(w, 1f)).mul(half).round().div(half)
                .sub(StraightThrough.constant(w, 1f));
        // Value exactly sigma * q; gradient d/dW = 1/sigma (unclipped).
        return wn.sub(wn.stopGradient()).add(sigma.mul(q));
    }

    /**
     * Codes are the odd integers {@code 2k - L}, one scale {@code sigma_o / L} per output channel, with the
     * forward pass's {@link #MIN_SIGMA} floor on {@code sigma_o}.
     */
    @Override
    public ExportedTensor export(NDArray w) {
        float[] v = w.toFloatArray();
        int channels = (int) w.getShape().get(0);
        int per = v.length / channels;
        float l = levels();
        int[] codes = new int[v.length];
        float[] scales = new float[channels];
        for (int o = 0; o < channels; o++) {
            double sum = 0;
            for (int i = 0; i < per; i++) {
                sum += Math.abs(v[o * per + i]);
            }
            float sigma = Math.max((float) (sum / per) * gamma(), MIN_SIGMA);
            scales[o] = sigma / l;
            for (int i = 0; i < per; i++) {
                float c = Math.min(Math.max(v[o * per + i] / sigma, -1f), 1f);
                codes[o * per + i] = 2 * (int) Math.rint((c + 1f) * l / 2f) - (int) l;
            }
        }
        return new ExportedTensor(codes, scales, w.getShape().getShape(), 0);
    }
}
