package org.qbench.methods.lsqplus;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * LSQ+'s activation quantizer (Bhalgat et al., CVPR-W 2020): an asymmetric grid with a learnable step {@code s} and
 * a learnable offset {@code beta}, so a signed or shifted activation (Swish, GELU, a residual stream) uses every
 * code instead of spending one bit on the sign:
 *
 * <pre>  x_hat = round(clamp((x - beta) / s, 0, 2^b - 1)) * s + beta</pre>
 *
 * <p>Written in stop-gradient form, autograd gives the paper's gradients: {@code d x_hat/d x} is 1 inside the
 * range and 0 outside; {@code d x_hat/d s} is LSQ's with {@code (x - beta)/s} in place of {@code v/s}
 * ({@code round(u) - u} inside, {@code 0} or {@code 2^b - 1} when clipped below or above); {@code d x_hat/d beta}
 * is 0 inside and 1 outside. Both parameter gradients are scaled by LSQ's {@code g = 1/sqrt(numel(x) Q_P)}.
 *
 * <p>Per tensor, or per channel along one axis ({@code axis} 1 for NCHW feature maps, -1 for the last axis of
 * [B, N, C] tokens, 1 for the heads of [B, H, N, d] attention tensors), each channel with its own {@code s} and
 * {@code beta}.
 *
 * <p>Initialisation, on the first tensor seen (over the whole tensor, shared by all channels): {@code beta = min(x)}
 * and {@code s = r (max(x) - min(x)) / (2^b - 1)} with the clipping ratio {@code r} in {1, 0.95, ..., 0.30} that
 * minimises the quantization MSE on that tensor. The paper says "MSE-minimising" without the search; a 1-D grid
 * over the upper clip is our reading, recorded as a departure. The grid step is {@code max(|s|, 1e-8)} as LSQ's.
 */
public final class LsqPlusQuantizer extends AbstractQuantizer {

    /** Floor on {@code |s|}, as LSQ's (see {@code LsqQuantizer.MIN_STEP}). */
    static final float MIN_STEP = 1e-8f;
    /** Clipping ratios the initialisation tries, largest first (ties keep the larger range). */
    static final double[] CLIP_RATIOS = {1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3};

    private final int qp;
    private final int axis;
    private final Parameter step;
    private final Parameter offset;
    private boolean initialised;

    /**
     * A per-tensor quantizer.
     *
     * @param bits grid width, 1..8 (codes 0..2^b - 1)
     */
    public LsqPlusQuantizer(int bits) {
        this(bits, Integer.MIN_VALUE);
    }

    /**
     * A quantizer with one step and offset per channel along {@code axis} (negative counts from the end), or per
     * tensor when {@code axis} is {@link Integer#MIN_VALUE}.
     *
     * @param bits grid width, 1..8 (codes 0..2^b - 1)
     * @param axis the channel axis
     */
    public LsqPlusQuantizer(int bits, int axis) {
        super(validBits(bits, "LSQ+"));
        this.qp = (1 << bits) - 1;
        this.axis = axis;
        this.step = addParameter(Parameter.builder().setName("step").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ONES).build());
        this.offset = addParameter(Parameter.builder().setName("offset").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS).build());
    }

    /** {@code Q_P = 2^b - 1}: the highest code (the lowest is 0). */
    public int qp() {
        return qp;
    }

    private boolean perChannel() {
        return axis != Integer.MIN_VALUE;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape shape = new Shape(1);
        if (perChannel()) {
            int a = axis < 0 ? in.dimension() + axis : axis;
            if (a < 0 || a >= in.dimension()) {
                throw new IllegalArgumentException("channel axis " + axis + " is outside an input of shape " + in);
            }
            long[] dims = new long[in.dimension()];
            Arrays.fill(dims, 1);
            dims[a] = in.get(a);
            shape = new Shape(dims);
        }
        step.setShape(shape);
        offset.setShape(shape);
    }

    /** Whether step and offset have been set, from data or explicitly. */
    public boolean isCalibrated() {
        return initialised;
    }

    /** Sets the step(s) and offset(s) explicitly (one each per tensor or per channel); no data-driven init follows. */
    public void set(float[] steps, float[] offsets) {
        if (steps.length != step.getArray().size() || offsets.length != offset.getArray().size()) {
            throw new IllegalArgumentException("expected " + step.getArray().size() + " steps and offsets, got "
                    + steps.length + " and " + offsets.length);
        }
        EngineArrays.assign(step.getArray(), steps);
        EngineArrays.assign(offset.getArray(), offsets);
        initialised = true;
    }

    /** The current step(s). */
    public float[] stepSize() {
        return step.getArray().toFloatArray();
    }

    /** The current offset(s). */
    public float[] offsetValue() {
        return offset.getArray().toFloatArray();
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        if (!initialised) {
            initialiseFrom(x);
        }
        NDArray g = StraightThrough.constant(x, (float) (1.0 / Math.sqrt((double) x.size() * qp)));
        NDArray s = StraightThrough.inBatch(x, parameterStore.getValue(step, x.getDevice(), training)).abs()
                .maximum(StraightThrough.constant(x, MIN_STEP));
        NDArray sEff = StraightThrough.scaleGradient(s, g);
        NDArray betaEff = StraightThrough.scaleGradient(
                StraightThrough.inBatch(x, parameterStore.getValue(offset, x.getDevice(), training)), g);
        NDArray codes = StraightThrough.round(x.sub(betaEff).div(sEff).clip(0, qp));
        return codes.mul(sEff).add(betaEff);
    }

    /** {@code beta = min}, {@code s} from the clipping ratio with the least MSE (see the class comment). */
    private void initialiseFrom(NDArray x) {
        float[] v = x.stopGradient().toFloatArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestStep = MIN_STEP;
        for (double r : CLIP_RATIOS) {
            double s = Math.max(r * (max - min) / qp, MIN_STEP);
            double err = 0;
            for (float f : v) {
                double code = Math.rint(Math.min(Math.max((f - min) / s, 0), qp));
                double d = code * s + min - f;
                err += d * d;
            }
            if (err < best) {
                best = err;
                bestStep = s;
            }
        }
        int n = (int) step.getArray().size();
        float[] steps = new float[n];
        float[] offsets = new float[n];
        Arrays.fill(steps, (float) bestStep);
        Arrays.fill(offsets, (float) min);
        set(steps, offsets);
    }

    /**
     * Not supported: the integer path here takes symmetric codes (zero point 0); an offset folds into the layer's
     * bias on integer hardware, which the parity check does not model yet, so layers with LSQ+ inputs stay in
     * float there.
     */
    @Override
    public ExportedTensor export(NDArray x) {
        throw new UnsupportedOperationException("LSQ+ codes carry an offset; the integer path takes zero-point-free codes");
    }
}
