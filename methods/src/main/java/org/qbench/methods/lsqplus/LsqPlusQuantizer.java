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
import org.qbench.methods.quant.RuntimeGrid;
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
 *
 * <p>{@link Form#ZERO_POINT} is the same idea as Q-ViT's and PackQViT's code writes it (their activation quantizer):
 * an integer zero point {@code z} instead of a real offset, and a grid whose signedness the data decides,
 *
 * <pre>  x_int = round(clamp(x/s + z_eff, Q_N, Q_P)),  x_hat = (x_int - z_eff) s,  z_eff = z + sg(round(z) - z)</pre>
 *
 * <p>with {@code s} and {@code z_eff} through LSQ's gradient scale. Its gradients: {@code d x_hat/d x} 1 inside, 0
 * outside; {@code d x_hat/d s} {@code round(u) - u} inside ({@code u = x/s + z_eff}), {@code Q_N - z_eff} or
 * {@code Q_P - z_eff} when clipped; {@code d x_hat/d z} 0 inside, {@code -s} when clipped (times {@code g}). Its
 * initialisation is described at {@link Form#ZERO_POINT}.
 */
public final class LsqPlusQuantizer extends AbstractQuantizer {

    /** Floor on {@code |s|}, as LSQ's (see {@code LsqQuantizer.MIN_STEP}). */
    static final float MIN_STEP = 1e-8f;
    /** Clipping ratios the initialisation tries, largest first (ties keep the larger range). */
    static final double[] CLIP_RATIOS = {1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3};

    /** PackQViT's signedness test: a first batch whose minimum lies below this gets the signed grid. */
    static final double SIGNED_BELOW = -1e-5;

    /** How the grid's offset is written, how the grid is chosen and how both are initialised. */
    public enum Form {
        /**
         * LSQ+: a real offset {@code beta}, the unsigned grid {@code [0, 2^b - 1]}, {@code beta = min} and the step of
         * the least-MSE clipping ratio.
         */
        OFFSET,
        /**
         * PackQViT (Q-ViT's code): an integer zero point {@code z} (rounded with a straight-through estimator), a
         * grid decided once from the first tensor seen, signed {@code [-2^(b-1), 2^(b-1) - 1]} when its minimum is
         * below {@code -1e-5}, else unsigned {@code [0, 2^b - 1]}; {@code s = 2 mean|x| / sqrt(Q_P)} over the
         * whole tensor, broadcast to every channel (the code's init). The code starts {@code z} at
         * {@code 0.1 (min(x) - s Q_N)}, which adds a real value to an integer one; we start it at the rounded zero
         * point that puts {@code min(x)} on {@code Q_N}, capped at 0, {@code z = min(0, round(Q_N - min(x)/s))}: a
         * grid shifted up to cover a one-sided input (GELU's, ReLU's) with every code, never shifted down (for a
         * signed input whose minimum already lies below the symmetric grid, {@code z = 0}). The signedness is
         * stored in the non-trainable parameter {@code signed}, so a saved model records the grid it trained on;
         * the training loop's calibration forward, which follows any load, re-decides it from data as it
         * re-initialises every step size.
         */
        ZERO_POINT
    }

    private final Form form;
    private final int axis;
    private final Parameter step;
    private final Parameter offset;
    /** {@link Form#ZERO_POINT} only: 1 for the signed grid, 0 for the unsigned one. */
    private final Parameter signedGrid;
    private int qn;
    private int qp;
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
        this(bits, axis, Form.OFFSET);
    }

    /**
     * A quantizer of the given form, per channel along {@code axis} or per tensor ({@link Integer#MIN_VALUE}).
     *
     * @param bits grid width, 1..8 ({@link Form#ZERO_POINT}: 2..8, so a signed grid has a positive level)
     * @param axis the channel axis (negative counts from the end)
     * @param form how the offset is written and initialised
     */
    public LsqPlusQuantizer(int bits, int axis, Form form) {
        super(validBits(bits, form == Form.OFFSET ? "LSQ+" : "the zero-point LSQ+ quantizer"));
        if (form == Form.ZERO_POINT && bits < 2) {
            throw new IllegalArgumentException("the zero-point LSQ+ quantizer needs 2..8 bits (a signed 1-bit grid "
                    + "has no positive level), got " + bits);
        }
        this.form = form;
        this.qn = 0;
        this.qp = (1 << bits) - 1;
        this.axis = axis;
        this.step = addParameter(Parameter.builder().setName("step").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ONES).build());
        this.offset = addParameter(Parameter.builder().setName("offset").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS).build());
        // State, not a weight: no gradient, so the optimiser never moves it; saved with the model by name.
        this.signedGrid = form == Form.OFFSET ? null : addParameter(Parameter.builder().setName("signed")
                .setType(Parameter.Type.OTHER).optRequiresGrad(false).optInitializer(Initializer.ZEROS)
                .optShape(new Shape(1)).build());
    }

    /** How the offset is written. */
    public Form form() {
        return form;
    }

    /** {@code Q_N}: the lowest code (0 on an unsigned grid, {@code -2^(b-1)} on a signed one). */
    public int qn() {
        return qn;
    }

    /** {@code Q_P}: the highest code ({@code 2^b - 1} unsigned, {@code 2^(b-1) - 1} signed). */
    public int qp() {
        return qp;
    }

    /** Whether the grid is signed (only {@link Form#ZERO_POINT} ever is, once its first tensor decided it). */
    public boolean signed() {
        return qn < 0;
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

    /**
     * Sets the step(s) and offset(s) explicitly (one each per tensor or per channel); no data-driven init follows.
     *
     * @throws IllegalStateException for {@link Form#ZERO_POINT}, whose grid also needs its signedness
     *     ({@link #setZeroPoint})
     */
    public void set(float[] steps, float[] offsets) {
        if (form != Form.OFFSET) {
            throw new IllegalStateException("a zero-point quantizer also needs its grid's signedness: use setZeroPoint");
        }
        assign(steps, offsets);
    }

    /**
     * Sets the step(s), zero point(s) (in codes) and the grid's signedness of a {@link Form#ZERO_POINT} quantizer
     * explicitly; no data-driven init follows.
     *
     * @throws IllegalStateException for {@link Form#OFFSET}
     */
    public void setZeroPoint(float[] steps, float[] zeroPoints, boolean signed) {
        if (form != Form.ZERO_POINT) {
            throw new IllegalStateException("an LSQ+ offset quantizer has an unsigned grid: use set");
        }
        int bits = bits();
        qn = signed ? -(1 << (bits - 1)) : 0;
        qp = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        EngineArrays.assign(signedGrid.getArray(), new float[] {signed ? 1f : 0f});
        assign(steps, zeroPoints);
    }

    private void assign(float[] steps, float[] offsets) {
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

    /** The current offset(s): {@code beta} for {@link Form#OFFSET}, the zero point {@code z} (in codes) otherwise. */
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
        NDArray o = StraightThrough.inBatch(x, parameterStore.getValue(offset, x.getDevice(), training));
        if (form == Form.ZERO_POINT) {
            return zeroPointQuantize(x, sEff, StraightThrough.scaleGradient(StraightThrough.round(o), g), qn, qp);
        }
        NDArray betaEff = StraightThrough.scaleGradient(o, g);
        NDArray codes = StraightThrough.round(x.sub(betaEff).div(sEff).clip(0, qp));
        return codes.mul(sEff).add(betaEff);
    }

    /**
     * The zero-point grid's fake quantization {@code (round(clamp(x/s + z, qn, qp)) - z) s}, rounding with the
     * straight-through estimator; {@code s} and {@code z} come as the gradient should see them (scaled, {@code z}
     * already rounded). Shared with PackQViT's residual quantizer, whose {@code s} is a shared step times
     * per-channel powers of two.
     */
    public static NDArray zeroPointQuantize(NDArray x, NDArray s, NDArray z, int qn, int qp) {
        NDArray codes = StraightThrough.round(x.div(s).add(z).clip(qn, qp));
        return codes.sub(z).mul(s);
    }

    private void initialiseFrom(NDArray x) {
        if (form == Form.ZERO_POINT) {
            initialiseZeroPoint(x);
        } else {
            initialiseOffset(x);
        }
    }

    /** {@link Form#ZERO_POINT}'s initialisation (see there), in Java doubles, once. */
    private void initialiseZeroPoint(NDArray x) {
        float[] v = x.stopGradient().toFloatArray();
        double min = Double.POSITIVE_INFINITY;
        double sumAbs = 0;
        for (float f : v) {
            min = Math.min(min, f);
            sumAbs += Math.abs(f);
        }
        boolean signed = min < SIGNED_BELOW;
        int bits = bits();
        int lowest = signed ? -(1 << (bits - 1)) : 0;
        int highest = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        double s = Math.max(2 * sumAbs / v.length / Math.sqrt(highest), MIN_STEP);
        double z = Math.min(0, Math.rint(lowest - min / s));
        int n = (int) step.getArray().size();
        float[] steps = new float[n];
        float[] zeroPoints = new float[n];
        Arrays.fill(steps, (float) s);
        Arrays.fill(zeroPoints, (float) z);
        setZeroPoint(steps, zeroPoints, signed);
    }

    /** {@code beta = min}, {@code s} from the clipping ratio with the least MSE (see the class comment). */
    private void initialiseOffset(NDArray x) {
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
        assign(steps, offsets);
    }

    /**
     * The codes, step(s) and zero point(s) or offset(s) of {@code x}, computed in float32 with the forward's own
     * operations and rounding (half to even), so {@link ExportedTensor#value} reproduces {@link #quantize} bit for bit.
     *
     * <p>{@link Form#ZERO_POINT}: {@code x_int = rint(clamp(x/s + z, Q_N, Q_P))} with the integer zero point {@code
     * z = rint(z_param)} (the forward's straight-through rounding is exact), exported as zero points. {@link
     * Form#OFFSET}: {@code code = rint(clamp((x - beta)/s, 0, 2^b - 1))}, exported with the real offset {@code beta}:
     * its zero point {@code -beta/s} is not an integer (LSQ+ learns {@code beta} freely), so an integer GEMM keeps the
     * codes as they are and folds {@code beta sum w} into the layer's bias, as the LSQ+ paper says.
     */
    @Override
    public RuntimeGrid runtimeGrid() {
        if (form == Form.OFFSET) {
            return RuntimeGrid.refused("LSQ+'s learnable offset beta is real-valued: its zero point -beta/s is not an integer, "
                    + "which QuantizeLinear needs");
        }
        if (perChannel()) {
            return RuntimeGrid.refused("per-channel steps on a run-time tensor: QuantizeLinear applies one step to an activation here");
        }
        return RuntimeGrid.affine(Math.max(Math.abs(stepSize()[0]), MIN_STEP), (int) Math.rint(offsetValue()[0]), qn(), qp());
    }

    @Override
    public ExportedTensor export(NDArray x) {
        float[] v = x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        long[] shape = x.getShape().getShape();
        float[] raw = stepSize();
        float[] o = offsetValue();
        float[] s = new float[raw.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = Math.max(Math.abs(raw[c]), MIN_STEP);
        }
        int channelAxis = perChannel() ? (axis < 0 ? shape.length + axis : axis) : -1;
        ExportedTensor layout = new ExportedTensor(new int[v.length], s, shape, channelAxis);
        int[] codes = new int[v.length];
        if (form == Form.ZERO_POINT) {
            int[] z = new int[o.length];
            for (int c = 0; c < z.length; c++) {
                z[c] = (int) Math.rint(o[c]);
            }
            for (int i = 0; i < v.length; i++) {
                int c = layout.channelOf(i);
                float u = v[i] / s[c] + (float) z[c];
                codes[i] = (int) Math.rint(Math.min(Math.max(u, (float) qn), (float) qp));
            }
            return new ExportedTensor(codes, s, shape, channelAxis, z, null);
        }
        for (int i = 0; i < v.length; i++) {
            int c = layout.channelOf(i);
            float u = (v[i] - o[c]) / s[c];
            codes[i] = (int) Math.rint(Math.min(Math.max(u, 0f), (float) qp));
        }
        return new ExportedTensor(codes, s, shape, channelAxis, null, o.clone());
    }
}
