package org.qbench.methods.n2uq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * N2UQ's activation quantizer ("LTQ", Liu et al., CVPR 2022): learnable, non-uniformly spaced thresholds
 * with uniform output levels, trained with the generalised straight-through estimator (G-STE).
 *
 * <p>With {@code K = 2^n - 1} intervals, output spacing {@code D = 2/K}, effective lengths
 * {@code a~_i = max(a_i, 1e-3)} and boundaries {@code T_i = start + sum_{j<i} a~_j}:
 *
 * <pre>
 *   u      = scale1 * x
 *   y_hard = D * #{ i : u &gt; T_i + a~_i / 2 }             (the jump into level i+1 is at interval i's midpoint)
 *   y_soft = D * sum_i clamp((u - T_i) / a~_i, 0, 1)      (the G-STE surrogate: slope D/a~_i in interval i;
 *                                                          computed as D * (j + clamp((u - T_j)/a~_j, 0, 1)))
 *   out    = scale2 * ( y_soft - sg(y_soft) + sg(y_hard) )
 * </pre>
 *
 * The forward value is exactly {@code scale2 * y_hard}; the gradient is the surrogate's (notes §2.3: identical
 * to the official code). Parameters are per layer: scalars {@code start} (init 0), {@code scale1},
 * {@code scale2} (init 1) and the K-vector {@code a} (init D, uniform thresholds over [0, 2]).
 */
public final class N2uqActivationQuantizer extends AbstractQuantizer {

    /** Floor on interval lengths, as in the official code (a length below it gets no gradient). */
    static final float MIN_LENGTH = 1e-3f;

    private final Parameter start;
    private final Parameter lengths;
    private final Parameter scale1;
    private final Parameter scale2;

    /** A quantizer for {@code bits} in 1..8. */
    public N2uqActivationQuantizer(int bits) {
        super(validBits(bits, "N2UQ activations"));
        int k = intervals();
        this.start = addParameter(scalar("start", Initializer.ZEROS));
        this.lengths = addParameter(Parameter.builder().setName("a").setType(Parameter.Type.OTHER)
                .optShape(new Shape(k)).optInitializer(new ConstantInitializer(spacing())).build());
        this.scale1 = addParameter(scalar("scale1", Initializer.ONES));
        this.scale2 = addParameter(scalar("scale2", Initializer.ONES));
    }

    private static Parameter scalar(String name, Initializer init) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(new Shape(1)).optInitializer(init).build();
    }

    /** K = 2^n - 1. */
    int intervals() {
        return (1 << bits()) - 1;
    }

    /** D = 2 / K, the output spacing before scale2. */
    float spacing() {
        return 2f / intervals();
    }


    /** Sets every parameter (tests, checkpoints). */
    public void set(float startValue, float[] intervalLengths, float scale1Value, float scale2Value) {
        if (intervalLengths.length != intervals()) {
            throw new IllegalArgumentException("expected " + intervals() + " interval lengths, got " + intervalLengths.length);
        }
        assign(start, new float[] {startValue});
        assign(lengths, intervalLengths);
        assign(scale1, new float[] {scale1Value});
        assign(scale2, new float[] {scale2Value});
    }

    private static void assign(Parameter p, float[] values) {
        NDArray array = p.getArray();
        try (NDManager scope = array.getManager().newSubManager()) {
            array.subi(array).addi(scope.create(values, array.getShape()));
        }
    }

    @Override
    public NDArray quantize(ParameterStore ps, NDArray x, boolean training) {
        NDArray s = StraightThrough.inBatch(x, ps.getValue(start, x.getDevice(), training));
        NDArray a = StraightThrough.inBatch(x, ps.getValue(lengths, x.getDevice(), training))
                .maximum(StraightThrough.constant(x, MIN_LENGTH));
        NDArray k1 = StraightThrough.inBatch(x, ps.getValue(scale1, x.getDevice(), training));
        NDArray k2 = StraightThrough.inBatch(x, ps.getValue(scale2, x.getDevice(), training));
        NDArray thresholds = a.cumSum(0).sub(a).add(s); // T_i = start + exclusive cumulative sum
        NDArray u = x.mul(k1);
        NDArray d = StraightThrough.constant(x, spacing());
        // Only the interval holding u has a non-saturated clamp term, so the clamp sum equals
        // D * (j + clamp((u - T_j) / a~_j, 0, 1)) with j its index: gather one threshold and one length per
        // element instead of broadcasting K of each (same values and gradients; K x less autograd work).
        NDArray uDetached = u.stopGradient().expandDims(-1);
        NDArray tDetached = thresholds.stopGradient();
        NDArray j = uDetached.gt(tDetached).toType(DataType.INT64, false).sum(new int[] {-1})
                .sub(1).clip(0, intervals() - 1);
        NDArray soft = u.sub(thresholds.take(j)).div(a.take(j)).clip(0, 1)
                .add(j.toType(DataType.FLOAT32, false)).mul(d);
        NDArray midpoints = tDetached.add(a.stopGradient().mul(StraightThrough.constant(x, 0.5f)));
        NDArray hard = uDetached.gt(midpoints).toType(DataType.FLOAT32, false).sum(new int[] {-1}).mul(d);
        return soft.sub(soft.stopGradient()).add(hard).mul(k2);
    }

    /** Codes are the level indices 0..K, scale {@code scale2 * D}. */
    @Override
    public ExportedTensor export(NDArray x) {
        float s = start.getArray().getFloat();
        float[] a = lengths.getArray().toFloatArray();
        float k1 = scale1.getArray().getFloat();
        float[] mid = new float[a.length];
        float t = s;
        for (int i = 0; i < a.length; i++) {
            float ai = Math.max(a[i], MIN_LENGTH);
            mid[i] = t + ai * 0.5f;
            t += ai;
        }
        float[] v = x.toFloatArray();
        int[] codes = new int[v.length];
        for (int j = 0; j < v.length; j++) {
            float u = v[j] * k1;
            int c = 0;
            for (float m : mid) {
                c += u > m ? 1 : 0;
            }
            codes[j] = c;
        }
        return new ExportedTensor(codes, new float[] {scale2.getArray().getFloat() * spacing()}, x.getShape().getShape(), -1);
    }
}
