package org.qbench.methods.packqvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.Arrays;
import org.qbench.methods.lsqplus.LsqPlusQuantizer;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * PackQViT's outlier-aware residual-link quantizer (first code upload, {@code LayerNormActQ}), with FQ-ViT's
 * Power-of-Two Factor (PTF) scales: an asymmetric {@code b}-bit grid over the residual stream {@code [B, N, C]},
 * one scale per channel of the last axis, each a power-of-two multiple of one shared step,
 *
 * <pre>
 *   alpha_c = s 2^(k_c),  k_c in {0, 1, 2, 3}
 *   x_int = round(clamp(x/alpha_c + z_eff, 0, 2^b - 1)),  x_hat = (x_int - z_eff) alpha_c
 * </pre>
 *
 * <p>with {@code z_eff = z + sg(round(z) - z)} one integer zero point, and {@code s}, {@code z_eff} through LSQ's
 * gradient scale {@code 1/sqrt(numel(x) Q_P)} ({@link LsqPlusQuantizer#zeroPointQuantize}, the same forward as
 * PackQViT's activation quantizer). The grid is unsigned, as FQ-ViT's asymmetric quantizers; the zero point
 * absorbs the sign.
 *
 * <p>Initialisation, on the first tensor seen (FQ-ViT's PTF): over the whole tensor {@code s = (max - min) / (Q_P -
 * Q_N) / 8} and {@code z = clamp(Q_N - round(min / (8 s)), Q_N, Q_P)}, so the widest factor 8 spans the tensor's
 * range; then for every channel the {@code k_c} whose scale {@code s 2^k_c} quantizes that channel with the least
 * squared error (ties to the smaller {@code k}).
 *
 * <p>"Regularized scales" made real: the factors {@code k_c} are FROZEN after initialisation (a non-trainable
 * parameter {@code factors}, saved with the model) and only the shared {@code s} and {@code z} learn, so every
 * channel's scale stays an exact power-of-two multiple of one shared scale, and an integer kernel or LayerNorm can
 * align the channels with shifts ({@link #factors}). The first upload instead lets each {@code alpha_c} train
 * freely after the PTF start, which drifts off powers of two. Like every data-initialised quantizer here, the
 * training loop's calibration forward (after any load) re-runs the initialisation.
 */
public final class PtfResidualQuantizer extends AbstractQuantizer {

    /** The largest factor exponent: scales {@code s}, {@code 2s}, {@code 4s}, {@code 8s}. */
    public static final int MAX_FACTOR = 3;

    /** Floor on {@code |s|}, as LSQ's. */
    static final float MIN_STEP = 1e-8f;

    private final int qp;
    private final Parameter step;
    private final Parameter offset;
    private final Parameter factors;
    private boolean initialised;

    /**
     * A quantizer of {@code bits} bits (codes {@code 0..2^b - 1}).
     *
     * @throws IllegalArgumentException for bits outside 2..8
     */
    public PtfResidualQuantizer(int bits) {
        super(validBits(bits, "the PTF residual quantizer"));
        if (bits < 2) {
            throw new IllegalArgumentException("the PTF residual quantizer needs 2..8 bits, got " + bits);
        }
        this.qp = (1 << bits) - 1;
        this.step = addParameter(Parameter.builder().setName("step").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ONES).optShape(new Shape(1)).build());
        this.offset = addParameter(Parameter.builder().setName("offset").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS).optShape(new Shape(1)).build());
        // Frozen state, not a weight: no gradient, so the optimiser never moves it.
        this.factors = addParameter(Parameter.builder().setName("factors").setType(Parameter.Type.OTHER)
                .optRequiresGrad(false).optInitializer(Initializer.ZEROS).build());
    }

    /** {@code Q_P = 2^b - 1}: the highest code (the lowest is 0). */
    public int qp() {
        return qp;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] dims = new long[in.dimension()];
        Arrays.fill(dims, 1);
        dims[dims.length - 1] = in.get(in.dimension() - 1);
        factors.setShape(new Shape(dims));
    }

    /** Whether step, zero point and factors have been set, from data or explicitly. */
    public boolean isCalibrated() {
        return initialised;
    }

    /**
     * Sets the shared step, the zero point (in codes) and the channels' factor exponents explicitly; no data-driven
     * initialisation follows.
     *
     * @throws IllegalArgumentException for a factor count other than the channel count, or a factor outside 0..3
     */
    public void set(float sharedStep, float zeroPoint, int[] exponents) {
        NDArray f = factors.getArray();
        if (exponents.length != f.size()) {
            throw new IllegalArgumentException("expected " + f.size() + " factors, got " + exponents.length);
        }
        float[] values = new float[exponents.length];
        for (int c = 0; c < exponents.length; c++) {
            if (exponents[c] < 0 || exponents[c] > MAX_FACTOR) {
                throw new IllegalArgumentException("factor exponent " + exponents[c] + " of channel " + c
                        + " is outside 0.." + MAX_FACTOR);
            }
            values[c] = exponents[c];
        }
        EngineArrays.assign(step.getArray(), new float[] {sharedStep});
        EngineArrays.assign(offset.getArray(), new float[] {zeroPoint});
        EngineArrays.assign(f, values);
        initialised = true;
    }

    /** The shared step {@code s}. */
    public float stepSize() {
        return step.getArray().getFloat();
    }

    /** The zero point {@code z} (in codes, before rounding). */
    public float zeroPoint() {
        return offset.getArray().getFloat();
    }

    /** The channels' factor exponents {@code k_c}: channel {@code c}'s scale is {@code s 2^k_c}. */
    public int[] factors() {
        float[] f = factors.getArray().toFloatArray();
        int[] k = new int[f.length];
        for (int c = 0; c < f.length; c++) {
            k[c] = Math.round(f[c]);
        }
        return k;
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        if (!initialised) {
            initialiseFrom(x);
        }
        NDArray g = StraightThrough.constant(x, (float) (1.0 / Math.sqrt((double) x.size() * qp)));
        NDArray s = StraightThrough.inBatch(x, parameterStore.getValue(step, x.getDevice(), training)).abs()
                .maximum(StraightThrough.constant(x, MIN_STEP));
        NDArray k = StraightThrough.inBatch(x, parameterStore.getValue(factors, x.getDevice(), training)).stopGradient();
        // 2^k from the engine's pow with base 2: exact at integer k, so alpha_c is exactly s 2^k_c.
        NDArray alpha = StraightThrough.scaleGradient(s, g).mul(StraightThrough.constant(x, 2f).pow(k));
        NDArray z = StraightThrough.scaleGradient(StraightThrough.round(
                StraightThrough.inBatch(x, parameterStore.getValue(offset, x.getDevice(), training))), g);
        return LsqPlusQuantizer.zeroPointQuantize(x, alpha, z, 0, qp);
    }

    /** FQ-ViT's PTF initialisation (see the class comment), in Java doubles, once. */
    private void initialiseFrom(NDArray x) {
        float[] v = x.stopGradient().toFloatArray();
        int channels = (int) x.getShape().get(x.getShape().dimension() - 1);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        double s = Math.max((max - min) / qp / (1 << MAX_FACTOR), MIN_STEP);
        double z = Math.min(Math.max(-Math.rint(min / (s * (1 << MAX_FACTOR))), 0), qp);
        double[][] err = new double[channels][MAX_FACTOR + 1];
        for (int i = 0; i < v.length; i++) {
            double[] e = err[i % channels];
            for (int k = 0; k <= MAX_FACTOR; k++) {
                double d = fakeQuantize(v[i], s * (1 << k), z, qp) - v[i];
                e[k] += d * d;
            }
        }
        int[] exponents = new int[channels];
        for (int c = 0; c < channels; c++) {
            for (int k = 1; k <= MAX_FACTOR; k++) {
                if (err[c][k] < err[c][exponents[c]]) { // strictly less: ties keep the smaller factor
                    exponents[c] = k;
                }
            }
        }
        set((float) s, (float) z, exponents);
    }

    /** {@code (round(clamp(v/scale + z, 0, qp)) - z) scale} in doubles, half to even as the engine. */
    static double fakeQuantize(double v, double scale, double z, int qp) {
        return (Math.rint(Math.min(Math.max(v / scale + z, 0), qp)) - z) * scale;
    }

    /**
     * Not supported: the codes carry a zero point and per-channel power-of-two scales, which {@link ExportedTensor}
     * does not hold; the residual adds run in float in the parity check.
     */
    @Override
    public ExportedTensor export(NDArray x) {
        throw new UnsupportedOperationException(
                "PTF residual codes carry a zero point; the integer path takes zero-point-free codes");
    }
}
