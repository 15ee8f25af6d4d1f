package org.qbench.methods.quantsr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.Arrays;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * QuantSR's Redistribution-driven Learnable Quantizer (RLQ; notes: {@code shared/reference/sr-lowlight.md} §1.2 and
 * {@code methods-addendum.md}, official code {@code htqin/QuantSR} at d470ad6, {@code Conv2dOurs} + {@code ActOurs}).
 *
 * <p>Activations ({@link #forActivations}): {@code x~ = x + tau}, with {@code tau} learnable per input channel (init 0,
 * broadcast over the other axes); the grid's signedness is decided once, on the first tensor seen (the training loop's
 * calibration batch): signed {@code [-2^(b-1), 2^(b-1) - 1]} iff {@code min(x~) < -1e-5}, else unsigned
 * {@code [0, 2^b - 1]}. Weights ({@link #forWeights}): always signed, no {@code tau}. Both: one learnable step
 * {@code s} per layer, initialised on the first tensor as {@code 2 mean|x~| / sqrt(Q_P)}, and
 *
 * <pre>  u = clip(x~/s, Q_N, Q_P),  S = sg(floor(u)) + phi(u - sg(floor(u))),  y = s (S + sg(rint(u) - S))</pre>
 *
 * <p>with {@code phi(r) = tanh(k (r - 1/2)) / (2 tanh(k/2)) + 1/2} ({@code k = 1} in the code) and LSQ's gradient
 * scale {@code g = 1/sqrt(numel(x) Q_P)} on {@code s} ({@code numel} over the whole tensor, batch included). The
 * forward value is {@code s rint(u)} (round half to even, as {@code torch.round}); autograd gives
 * {@code dy/dx~ = phi'(r)} inside the clip range (bounds inclusive) and 0 outside, {@code dy/ds = (rint(u) - u phi'(r)) g}
 * inside and {@code Q_N g} or {@code Q_P g} outside, and {@code dy/dtau_c} the sum of the upstream times
 * {@code dy/dx~} over channel {@code c}. So the surrogate changes only the backward pass: the gradient is larger at
 * an interval's centre ({@code phi'(1/2) = 1.0820} for {@code k = 1}) than near a rounding boundary
 * ({@code phi'(0) = 0.8509}).
 *
 * <p>The forward value is exactly {@code s rint(u)} in float32: {@code S} and {@code rint(u)} lie within a factor of
 * two of each other (or {@code rint(u) = 0}), so {@code rint(u) - S} is exact (Sterbenz) and adding it back gives
 * {@code rint(u)} exactly; {@link #export} therefore reproduces the forward bit for bit.
 *
 * <p>Guard, as LSQ's: the grid uses {@code max(|s|, 1e-8)} (the official code uses {@code s} as it is).
 */
public final class RlqQuantizer extends AbstractQuantizer {

    /** Floor on {@code |s|}, as LSQ's ({@code LsqQuantizer.MIN_STEP}). */
    static final float MIN_STEP = 1e-8f;
    /** The code's signedness test: a first tensor whose minimum lies below this gets the signed grid. */
    static final double SIGNED_BELOW = -1e-5;
    /** The code's tanh sharpness. */
    public static final double DEFAULT_K = 1.0;

    private final boolean activations;
    private final int channelAxis;
    private final double k;
    private final Parameter step;
    /** Activations only: the redistribution shift, one per input channel. */
    private final Parameter tau;
    private boolean initialised;
    private boolean signed;

    private RlqQuantizer(int bits, boolean activations, int channelAxis, double k) {
        super(validBits(bits, "RLQ"));
        if (bits < 2) {
            throw new IllegalArgumentException("RLQ needs 2..8 bits (a signed 1-bit grid has no positive level), got "
                    + bits);
        }
        if (!(k > 0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException("RLQ's tanh sharpness k must be finite and > 0, got " + k);
        }
        this.activations = activations;
        this.channelAxis = channelAxis;
        this.k = k;
        this.signed = !activations;
        this.step = addParameter(Parameter.builder().setName("step").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ONES).optShape(new Shape(1)).build());
        this.tau = activations
                ? addParameter(Parameter.builder().setName("tau").setType(Parameter.Type.OTHER)
                        .optInitializer(Initializer.ZEROS).build())
                : null;
    }

    /**
     * A weight quantizer: signed grid, one step per layer, no shift.
     *
     * @param bits 2..8
     * @param k the tanh sharpness of the round surrogate ({@value #DEFAULT_K} in the code)
     */
    public static RlqQuantizer forWeights(int bits, double k) {
        return new RlqQuantizer(bits, false, 0, k);
    }

    /**
     * An input-activation quantizer with one shift per channel along {@code channelAxis} (1 for NCHW feature maps,
     * -1 for tokens), its signedness decided by the first tensor it sees.
     *
     * @param bits 2..8
     * @param channelAxis the axis {@code tau} runs along (negative counts from the end)
     * @param k the tanh sharpness of the round surrogate ({@value #DEFAULT_K} in the code)
     */
    public static RlqQuantizer forActivations(int bits, int channelAxis, double k) {
        return new RlqQuantizer(bits, true, channelAxis, k);
    }

    /** Whether this quantizes activations (with a shift and a data-decided grid) rather than weights. */
    public boolean quantizesActivations() {
        return activations;
    }

    /** The tanh sharpness {@code k} of the round surrogate. */
    public double k() {
        return k;
    }

    /** Whether the grid is signed (weights always; activations once their first tensor decided it). */
    public boolean signed() {
        return signed;
    }

    /** {@code Q_N}: the lowest code. */
    public int qn() {
        return signed ? -(1 << (bits() - 1)) : 0;
    }

    /** {@code Q_P}: the highest code. */
    public int qp() {
        return signed ? (1 << (bits() - 1)) - 1 : (1 << bits()) - 1;
    }

    private int axisOf(int rank) {
        int a = channelAxis < 0 ? rank + channelAxis : channelAxis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("RLQ's channel axis " + channelAxis + " is outside an input of rank " + rank);
        }
        return a;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (tau != null) {
            Shape in = inputShapes[0];
            long[] dims = new long[in.dimension()];
            Arrays.fill(dims, 1);
            int a = axisOf(in.dimension());
            dims[a] = in.get(a);
            tau.setShape(new Shape(dims));
        }
    }

    /** Whether the step (and, for activations, the grid's signedness) has been set, from data or explicitly. */
    public boolean isCalibrated() {
        return initialised;
    }

    /**
     * Sets the step and the grid's signedness explicitly; no data-driven initialisation follows.
     *
     * @throws IllegalArgumentException for an unsigned weight grid (weights are always signed)
     */
    public void calibrate(float stepSize, boolean signedGrid) {
        if (!activations && !signedGrid) {
            throw new IllegalArgumentException("RLQ weights are always on the signed grid");
        }
        EngineArrays.assign(step.getArray(), new float[] {stepSize});
        signed = signedGrid;
        initialised = true;
    }

    /** Sets the per-channel shifts {@code tau} (activations only). */
    public void setTau(float... values) {
        if (tau == null) {
            throw new IllegalStateException("RLQ weights have no shift");
        }
        if (values.length != tau.getArray().size()) {
            throw new IllegalArgumentException("expected " + tau.getArray().size() + " shifts, got " + values.length);
        }
        EngineArrays.assign(tau.getArray(), values);
    }

    /** The current step (the parameter, before the {@link #MIN_STEP} guard). */
    public float stepSize() {
        return step.getArray().getFloat();
    }

    /**
     * The current shifts {@code tau}, one per channel (empty for weights). An integer path adds them to the input
     * before dividing by the step ({@link #export} does), i.e. folds them into the quantizer's thresholds; they are
     * not subtracted after quantization: the layer consumes {@code Q(x + tau)}, as in the official code.
     */
    public float[] tau() {
        return tau == null ? new float[0] : tau.getArray().toFloatArray();
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray shifted = tau == null
                ? x
                : x.add(StraightThrough.inBatch(x, parameterStore.getValue(tau, x.getDevice(), training)));
        if (!initialised) {
            initialiseFrom(shifted);
        }
        NDArray s = StraightThrough.inBatch(x, parameterStore.getValue(step, x.getDevice(), training)).abs()
                .maximum(StraightThrough.constant(x, MIN_STEP));
        NDArray g = StraightThrough.constant(x, (float) (1.0 / Math.sqrt((double) x.size() * qp())));
        NDArray sEff = StraightThrough.scaleGradient(s, g);
        NDArray u = shifted.div(sEff).clip(qn(), qp());
        NDArray floor = u.floor().stopGradient();
        NDArray surrogate = floor.add(phi(u.sub(floor)));
        NDArray q = surrogate.add(u.round().sub(surrogate).stopGradient());
        return q.mul(sEff);
    }

    /** {@code phi(r) = tanh(k (r - 1/2)) / (2 tanh(k/2)) + 1/2}, with engine constants owned by {@code r}'s manager. */
    private NDArray phi(NDArray r) {
        NDArray half = StraightThrough.constant(r, 0.5f);
        NDArray kk = StraightThrough.constant(r, (float) k);
        NDArray denominator = StraightThrough.constant(r, (float) (2 * Math.tanh(k / 2)));
        return r.sub(half).mul(kk).tanh().div(denominator).add(half);
    }

    /** {@code phi'(r) = k (1 - tanh^2(k (r - 1/2))) / (2 tanh(k/2))}: the surrogate's slope, for tests and notes. */
    public static double phiPrime(double r, double k) {
        double t = Math.tanh(k * (r - 0.5));
        return k * (1 - t * t) / (2 * Math.tanh(k / 2));
    }

    /** Signedness (activations) and {@code s = 2 mean|x~| / sqrt(Q_P)} from the first tensor, once. */
    private void initialiseFrom(NDArray shifted) {
        try (NDManager scope = shifted.getManager().newSubManager()) {
            NDArray detached = shifted.stopGradient();
            detached.attach(scope);
            boolean signedGrid = !activations || detached.min().getFloat() < SIGNED_BELOW;
            int qpOfGrid = signedGrid ? (1 << (bits() - 1)) - 1 : (1 << bits()) - 1;
            float meanAbs = detached.abs().mean().getFloat();
            float s = (float) Math.max(2.0 * meanAbs / Math.sqrt(qpOfGrid), MIN_STEP);
            calibrate(s, signedGrid);
        }
    }

    /**
     * Codes {@code rint(clip((x + tau)/s, Q_N, Q_P))} with the one scale {@code s} (the forward pass's floats), no zero
     * point and no offset: {@link ExportedTensor#value} is the forward's output, which is the quantized
     * {@code x + tau} ({@link #tau()} says how an integer path folds the shift).
     */
    @Override
    public ExportedTensor export(NDArray x) {
        float s = Math.max(Math.abs(stepSize()), MIN_STEP);
        float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
        long[] shape = x.getShape().getShape();
        float[] t = tau();
        int stride = 1;
        int channels = 1;
        if (t.length > 0) {
            int a = axisOf(shape.length);
            channels = (int) shape[a];
            for (int d = a + 1; d < shape.length; d++) {
                stride *= (int) shape[d];
            }
        }
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float shifted = t.length == 0 ? v[i] : v[i] + t[(i / stride) % channels];
            float u = Math.min(Math.max(shifted / s, (float) qn()), (float) qp());
            codes[i] = (int) Math.rint(u);
        }
        return new ExportedTensor(codes, new float[] {s}, shape, -1);
    }
}
