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
 */
public final class N2uqWeightQuantizer extends AbstractQuantizer {

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
        NDArray sigma = StraightThrough.perChannelMeanAbs(w.stopGradient()).mul(StraightThrough.constant(w, gamma()));
        NDArray wn = w.div(sigma);
        NDArray half = StraightThrough.constant(w, levels() / 2f);
        NDArray q = wn.stopGradient().clip(-1, 1).add(StraightThrough.constant(w, 1f)).mul(half).round().div(half)
                .sub(StraightThrough.constant(w, 1f));
        // Value exactly sigma * q; gradient d/dW = 1/sigma (unclipped).
        return wn.sub(wn.stopGradient()).add(sigma.mul(q));
    }

    /** Codes are the odd integers {@code 2k - L}, one scale {@code sigma_o / L} per output channel. */
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
            float sigma = (float) (sum / per) * gamma();
            scales[o] = sigma / l;
            for (int i = 0; i < per; i++) {
                float c = Math.min(Math.max(v[o * per + i] / sigma, -1f), 1f);
                codes[o * per + i] = 2 * (int) Math.rint((c + 1f) * l / 2f) - (int) l;
            }
        }
        return new ExportedTensor(codes, scales, w.getShape().getShape(), 0);
    }
}
