package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.RuntimeGrid;
import org.qbench.methods.quant.StraightThrough;

/**
 * The 1-bit activation quantizer of a {@link BinaryOperator}: {@code sign(x - tau)} in the forward pass, times the
 * sample's {@code mean|x|} for XNOR, with the operator's surrogate gradient.
 *
 * <p>Forward: PyTorch's {@code sign}, so {@code sign(0) = 0}: an input exactly at the threshold gives 0, a ternary
 * edge case the released BRVE code has too; it is kept, and {@link #export} reports the 0.
 *
 * <p>Backward, in stop-gradient form {@code s(u) - sg(s(u)) + sg(sign(u))} (the first difference is exactly 0, so the
 * forward value is the sign bit for bit), the gradient being that of the surrogate {@code s}:
 * <ul>
 *   <li>clipped STE (BNN, XNOR, DoReFa): {@code s = clip(u, -1, 1)}, gradient 1 on {@code |u| <= 1} (PyTorch's
 *       clamp passes the gradient at the bounds), 0 outside;
 *   <li>ApproxSign (Bi-Real, ReAct, BRVE): the piecewise quadratic {@code -1 / 2u + u^2 / 2u - u^2 / 1} on
 *       {@code u < -1 / [-1, 0) / [0, 1) / u >= 1}, written {@code 2c - c|c|} with {@code c = clip(u, -1, 1)}; its
 *       gradient is {@code 2 - 2|u|} on {@code |u| < 1} and 0 outside (at {@code |u| = 1} too).
 * </ul>
 *
 * <p>XNOR's scale {@code K} (one per sample, the mean of {@code |x|} over every axis but the first) is detached and
 * multiplies the binarized value, so its gradient is {@code K} times the STE's. ReAct's threshold {@code tau} is a
 * learnable parameter per channel (axis {@code rank - 3}, axis 1 of NCHW), init 0, that learns through the
 * surrogate: {@code d/dtau = -d/du}.
 */
public final class BinaryActivationQuantizer extends AbstractQuantizer {

    private final BinaryOperator op;
    private final Parameter threshold;

    /**
     * The quantizer of {@code op}; for ReAct the threshold's channel count is read from the first input.
     *
     * @param op the operator
     */
    public BinaryActivationQuantizer(BinaryOperator op) {
        this(op, 0);
    }

    /**
     * The quantizer of {@code op} with a known channel count (used by ReAct only; 0: read from the first input).
     *
     * @param op the operator
     * @param channels the input's channels for ReAct's threshold, or 0
     */
    public BinaryActivationQuantizer(BinaryOperator op, int channels) {
        super(1);
        if (channels < 0) {
            throw new IllegalArgumentException("channels must be >= 0, got " + channels);
        }
        this.op = op;
        if (op.learnableThreshold()) {
            Parameter.Builder b = Parameter.builder().setName("threshold").setType(Parameter.Type.OTHER)
                    .optInitializer(Initializer.ZEROS);
            if (channels > 0) {
                b.optShape(new Shape(channels, 1, 1));
            }
            this.threshold = addParameter(b.build());
        } else {
            this.threshold = null;
        }
    }

    /** The operator. */
    public BinaryOperator operator() {
        return op;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (threshold != null && threshold.getShape() == null) {
            Shape in = inputShapes[0];
            threshold.setShape(new Shape(in.get(in.dimension() - 3), 1, 1));
        }
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray u = threshold == null ? x
                : x.sub(StraightThrough.inBatch(x, parameterStore.getValue(threshold, x.getDevice(), training)));
        NDArray s = surrogate(u);
        NDArray bit = s.sub(s.stopGradient()).add(u.sign().stopGradient());
        return op.sampleScale() ? bit.mul(sampleScale(x).stopGradient()) : bit;
    }

    private NDArray surrogate(NDArray u) {
        NDArray c = u.clip(-1, 1);
        if (!op.approxSign()) {
            return c;
        }
        return c.mul(StraightThrough.constant(u, 2f)).sub(c.mul(c.abs()));
    }

    /** XNOR's {@code K}: {@code mean|x|} per sample, shaped {@code (N, 1, ..., 1)}. */
    static NDArray sampleScale(NDArray x) {
        long n = x.getShape().get(0);
        long[] broadcast = new long[x.getShape().dimension()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[0] = n;
        return x.abs().reshape(n, -1).mean(new int[] {1}).reshape(broadcast);
    }

    /**
     * Codes {@code sign(x - tau)} in {-1, 0, +1} (0 only where {@code x == tau} exactly, {@code tau = 0} but for
     * ReAct), scale 1 per tensor, or XNOR's {@code K} per sample ({@code channelAxis 0}); {@code code * scale} is the
     * forward value bit for bit (the scale comes from the same engine reduction).
     */
    @Override
    public RuntimeGrid runtimeGrid() {
        return RuntimeGrid.refused("1-bit sign activations: ONNX has no 1-bit convolution (an int8 Sign graph would not be a binary kernel)");
    }

    @Override
    public ExportedTensor export(NDArray x) {
        float[] v = x.toFloatArray();
        long[] shape = x.getShape().getShape();
        float[] tau = threshold == null ? new float[] {0f} : threshold.getArray().toFloatArray();
        int rest = 1;
        for (int d = shape.length - 2; d < shape.length; d++) {
            rest *= (int) shape[d];
        }
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float u = tau.length == 1 ? v[i] - tau[0] : v[i] - tau[(i / rest) % tau.length];
            codes[i] = u > 0 ? 1 : u < 0 ? -1 : 0;
        }
        if (!op.sampleScale()) {
            return new ExportedTensor(codes, new float[] {1f}, shape, -1);
        }
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray copy = x.duplicate();
            copy.attach(scope);
            return new ExportedTensor(codes, sampleScale(copy).toFloatArray(), shape, 0);
        }
    }
}
