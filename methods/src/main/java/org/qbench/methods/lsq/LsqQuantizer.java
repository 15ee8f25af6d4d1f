package org.qbench.methods.lsq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.Arrays;
import org.qbench.methods.Granularity;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.RuntimeGrid;
import org.qbench.methods.quant.StraightThrough;

/**
 * The LSQ quantizer (Esser et al., ICLR 2020): a learnable step size {@code s} per tensor (or per output
 * channel), {@code v_hat = round(clamp(v/s, -Q_N, Q_P)) * s}, with the step-size gradient scaled by
 * {@code g = 1/sqrt(numel(v) * Q_P)} (or not scaled, {@code g = 1}, for the ablation of {@link LsqOptions}).
 *
 * <p>Written in stop-gradient form, plain autograd gives the paper's gradients: {@code d v_hat/d v = 1} inside
 * the clip range and 0 outside; {@code d v_hat/d s = round(v/s) - v/s} inside, {@code -Q_N} or {@code Q_P}
 * when clipped (times {@code g}). At a value exactly on a clip bound {@code torch.clamp} counts it as inside.
 *
 * <p>The step size is initialised from the first tensor it sees as {@code 2 mean|v| / sqrt(Q_P)} (over the
 * whole tensor, or over each channel when per-channel); the grid uses {@code max(|s|, 1e-8)} (see
 * {@link #MIN_STEP}).
 */
public final class LsqQuantizer extends AbstractQuantizer {

    /**
     * Floor on {@code |s|}. The paper does not constrain s. We quantize with {@code max(|s|, 1e-8)}: a floor
     * alone ({@code max(s, eps)}) has zero gradient below eps, so a step size that momentum pushes across zero
     * never comes back. Seen here: training from scratch at lr 0.2, the classifier's weight step crossed zero
     * at step 85 and the network fell to chance. With {@code |s|} the gradient stays alive (autograd flips its
     * sign), and a step size that never goes negative trains exactly as without the guard.
     */
    static final float MIN_STEP = 1e-8f;

    /** How the step size is set from the first tensor a quantizer sees. */
    public enum StepInit {
        /** LSQ: {@code 2 mean|v| / sqrt(Q_P)}. */
        MEAN_ABS,
        /**
         * LSQ+ (Bhalgat et al. 2020) for weights: {@code max(|mu - 3 sigma|, |mu + 3 sigma|) / 2^(b-1)}, so the grid
         * spans three standard deviations either side of the mean.
         */
        MEAN_3_STD,
        /**
         * PackQViT's per-channel weights: {@code 2 mean|v| / sqrt(Q_P)} over the whole tensor, the same start for
         * every channel (the code's init), which then trains apart per channel.
         */
        GLOBAL_MEAN_ABS
    }

    private final QuantSpec spec;
    private final boolean gradientScale;
    private final StepInit init;
    private final Parameter step;
    private boolean initialised;

    /**
     * A quantizer for the given grid, with the paper's step-size gradient scale.
     *
     * @throws IllegalArgumentException for a grid with no positive level (signed 1-bit) or per-group
     *     granularity, which LSQ does not define
     */
    public LsqQuantizer(QuantSpec spec) {
        this(spec, true);
    }

    /**
     * A quantizer for the given grid.
     *
     * @param gradientScale whether the step-size gradient is scaled by {@code 1/sqrt(numel(v) * Q_P)}; false:
     *     not scaled (same forward values)
     * @throws IllegalArgumentException for a grid with no positive level (signed 1-bit) or per-group
     *     granularity, which LSQ does not define
     */
    public LsqQuantizer(QuantSpec spec, boolean gradientScale) {
        this(spec, gradientScale, StepInit.MEAN_ABS);
    }

    /**
     * A quantizer for the given grid with its step size initialised by {@code init} (LSQ+'s weights use
     * {@link StepInit#MEAN_3_STD}).
     *
     * @throws IllegalArgumentException for a grid with no positive level (signed 1-bit) or per-group
     *     granularity, which LSQ does not define
     */
    public LsqQuantizer(QuantSpec spec, boolean gradientScale, StepInit init) {
        super(spec.bits());
        if (spec.maxCode() < 1) {
            throw new IllegalArgumentException(
                    "LSQ needs at least one positive level; a signed " + spec.bits() + "-bit grid has none");
        }
        if (spec.granularity() == Granularity.PER_GROUP) {
            throw new IllegalArgumentException("LSQ supports per-tensor and per-channel step sizes, not per-group");
        }
        if (!spec.symmetric()) {
            throw new IllegalArgumentException("LSQ has no offset; use a symmetric spec (LSQ+ adds the offset)");
        }
        this.spec = spec;
        this.gradientScale = gradientScale;
        this.init = init;
        this.step = addParameter(
                Parameter.builder()
                        .setName("step")
                        .setType(Parameter.Type.OTHER)
                        .optInitializer(Initializer.ONES)
                        .build());
    }

    /** The grid this quantizer maps onto. */
    public QuantSpec spec() {
        return spec;
    }

    /** Whether the step-size gradient is scaled by {@code 1/sqrt(numel(v) * Q_P)}. */
    public boolean gradientScale() {
        return gradientScale;
    }

    /** {@code Q_N}: the magnitude of the lowest level, in steps. */
    int qn() {
        return -spec.minCode();
    }

    /** {@code Q_P}: the highest level, in steps. */
    int qp() {
        return spec.maxCode();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (spec.granularity() == Granularity.PER_CHANNEL) {
            long[] dims = new long[in.dimension()];
            Arrays.fill(dims, 1);
            dims[0] = in.get(0);
            step.setShape(new Shape(dims));
        } else {
            step.setShape(new Shape(1));
        }
    }

    /** Whether the step size has been set, from data or explicitly. */
    public boolean isCalibrated() {
        return initialised;
    }

    /**
     * Sets the step size(s) explicitly (one per tensor, or one per channel) and marks the quantizer as
     * initialised, so no data-dependent initialisation happens.
     */
    public void setStepSize(float... values) {
        NDArray array = step.getArray();
        if (values.length != array.size()) {
            throw new IllegalArgumentException(
                    "expected " + array.size() + " step sizes, got " + values.length);
        }
        EngineArrays.assign(array, values);
        initialised = true;
    }

    /** The current step size(s). */
    public float[] stepSize() {
        return step.getArray().toFloatArray();
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        if (!initialised) {
            initialiseFrom(x);
        }
        NDArray s = StraightThrough.inBatch(x, parameterStore.getValue(step, x.getDevice(), training))
                .abs()
                .maximum(StraightThrough.constant(x, MIN_STEP));
        NDArray sEff = s;
        if (gradientScale) {
            float g = (float) (1.0 / Math.sqrt((double) x.size() * qp()));
            sEff = StraightThrough.scaleGradient(s, StraightThrough.constant(x, g));
        }
        NDArray codes = StraightThrough.round(x.div(sEff).clip(-qn(), qp()));
        return codes.mul(sEff);
    }

    /**
     * The step size from the first tensor seen, per tensor or per channel: {@code 2 mean|v| / sqrt(Q_P)} (LSQ; over
     * the whole tensor for {@link StepInit#GLOBAL_MEAN_ABS}), or
     * {@code max(|mu - 3 sigma|, |mu + 3 sigma|) / 2^(b-1)} (LSQ+, per tensor).
     */
    private void initialiseFrom(NDArray x) {
        if (init == StepInit.MEAN_3_STD) {
            if (spec.granularity() != Granularity.PER_TENSOR) {
                throw new IllegalStateException("the mean +- 3 std initialisation is defined per tensor");
            }
            // In Java doubles: one pass over the weights, once, outside any gradient recording.
            float[] v = x.stopGradient().toFloatArray();
            double mean = 0;
            for (float f : v) {
                mean += f;
            }
            mean /= v.length;
            double ss = 0;
            for (float f : v) {
                ss += (f - mean) * (f - mean);
            }
            double std = Math.sqrt(ss / v.length);
            double s = Math.max(Math.abs(mean - 3 * std), Math.abs(mean + 3 * std)) / (1 << (spec.bits() - 1));
            setStepSize((float) Math.max(s, MIN_STEP));
            return;
        }
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray detached = x.stopGradient();
            detached.attach(scope);
            NDArray mean = spec.granularity() == Granularity.PER_CHANNEL && init == StepInit.MEAN_ABS
                    ? StraightThrough.perChannelMeanAbs(detached)
                    : detached.abs().mean();
            float[] values = mean.mul(StraightThrough.constant(mean, (float) (2.0 / Math.sqrt(qp()))))
                    .maximum(StraightThrough.constant(mean, MIN_STEP)).toFloatArray();
            if (values.length == 1 && step.getArray().size() > 1) { // one global start, broadcast to every channel
                float one = values[0];
                values = new float[(int) step.getArray().size()];
                Arrays.fill(values, one);
            }
            setStepSize(values);
        }
    }

    /** {@code [-Q_N, Q_P]} with the step {@code max(|s|, 1e-8)}, as the forward uses it; per tensor only. */
    @Override
    public RuntimeGrid runtimeGrid() {
        float[] s = stepSize();
        if (s.length != 1) {
            return RuntimeGrid.refused("per-channel steps on a run-time tensor: QuantizeLinear applies one step to an activation here");
        }
        return RuntimeGrid.affine(Math.max(Math.abs(s[0]), MIN_STEP), 0, -qn(), qp());
    }

    @Override
    public ExportedTensor export(NDArray x) {
        float[] s = stepSize();
        float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
        long[] shape = x.getShape().getShape();
        int[] codes = new int[v.length];
        int perChannel = s.length == 1 ? v.length : v.length / s.length;
        for (int i = 0; i < v.length; i++) {
            float si = Math.max(Math.abs(s[s.length == 1 ? 0 : i / perChannel]), MIN_STEP);
            double u = Math.min(Math.max(v[i] / si, -qn()), qp());
            codes[i] = (int) Math.rint(u);
        }
        float[] scales = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            scales[i] = Math.max(Math.abs(s[i]), MIN_STEP);
        }
        return new ExportedTensor(codes, scales, shape, s.length == 1 ? -1 : 0);
    }
}
