package org.qbench.methods.n2uq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.RuntimeGrid;
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
        EngineArrays.assign(p.getArray(), values);
    }

    @Override
    public NDArray quantize(ParameterStore ps, NDArray x, boolean training) {
        NDArray s = StraightThrough.inBatch(x, ps.getValue(start, x.getDevice(), training));
        NDArray a = StraightThrough.inBatch(x, ps.getValue(lengths, x.getDevice(), training))
                .maximum(StraightThrough.constant(x, MIN_LENGTH));
        NDArray k1 = StraightThrough.inBatch(x, ps.getValue(scale1, x.getDevice(), training));
        NDArray k2 = StraightThrough.inBatch(x, ps.getValue(scale2, x.getDevice(), training));
        NDArray thresholds = thresholds(a, s);
        // Only the interval j holding u = scale1 * x has a clamp term that is neither 0 nor 1, so the clamp sum
        // equals D * (j + f) with f = clamp((u - T_j) / a~_j, 0, 1), and the hard level is j + [f > 1/2] (the
        // jump sits at interval j's midpoint). Per element that is one gathered slope scale1 / a~_j and offset
        // T_j / a~_j instead of K broadcast clamps: same values and gradients, a fraction of the work.
        NDArray j = activeInterval(x.stopGradient().mul(k1.stopGradient()), thresholds.stopGradient().toFloatArray());
        NDArray f = x.mul(gather(k1.div(a), j)).sub(gather(thresholds.div(a), j)).clip(0, 1);
        NDArray fDetached = f.stopGradient();
        NDArray level = j.toType(DataType.FLOAT32, false).add(fDetached.gt(0.5f).toType(DataType.FLOAT32, false));
        // value: D * level; gradient: the surrogate's, D * df
        return f.sub(fDetached).add(level).mul(k2.mul(StraightThrough.constant(x, spacing())));
    }

    /**
     * {@code T_i = start + sum_{j<i} a~_j}, the exclusive cumulative sum: one expression for the forward pass
     * and the export, so both get the same floats.
     */
    private static NDArray thresholds(NDArray effectiveLengths, NDArray start) {
        return effectiveLengths.cumSum(0).sub(effectiveLengths).add(start);
    }

    /**
     * The index j in 0..K-1 of the interval holding each element: {@code #{i in 1..K-1 : u > T_i}}, so
     * values below the first threshold fall in interval 0 and values past the last in interval K-1 (where
     * f clamps to 0 and 1). A linear scan up to 4 bits, a branch-free binary search over the sorted
     * thresholds above (the scan's 2^n comparisons would dominate the step at 8 bits).
     */
    static NDArray activeInterval(NDArray u, float[] thresholds) {
        int inner = thresholds.length - 1; // T_1..T_{K-1}
        NDManager m = u.getManager();
        if (inner <= LINEAR_SCAN_MAX) {
            // uint8 counts (at most 14 here): int64 accumulation made this scan about 1.5x slower
            NDArray count = m.zeros(u.getShape(), DataType.UINT8);
            for (int i = 1; i <= inner; i++) {
                count.addi(u.gt(thresholds[i]));
            }
            return count.toType(DataType.INT64, false);
        }
        // Sorted table T_1..T_{K-1} padded with +inf to 2^n - 1 entries; pos = how many entries are < u.
        int steps = 32 - Integer.numberOfLeadingZeros(inner);
        float[] table = new float[(1 << steps) - 1];
        java.util.Arrays.fill(table, Float.POSITIVE_INFINITY);
        System.arraycopy(thresholds, 1, table, 0, inner);
        NDArray sorted = EngineArrays.of(m, table);
        NDArray pos = m.zeros(u.getShape(), DataType.INT64);
        NDArray one = index(m, 1);
        for (int step = 1 << (steps - 1); step >= 1; step >>= 1) {
            NDArray candidate = pos.add(index(m, step));
            pos = NDArrays.where(u.gt(sorted.take(candidate.sub(one))), candidate, pos);
        }
        return pos;
    }

    /** A 0-d int64 index made by the engine (see {@link EngineArrays} for why not {@code pos.add(step)}). */
    private static NDArray index(NDManager m, int value) {
        return m.full(new Shape(), value, DataType.INT64);
    }

    /** Largest K - 1 searched by linear scan (4 bits: 14 comparisons). */
    private static final int LINEAR_SCAN_MAX = 14;

    /**
     * {@code table[index]} elementwise, differentiable in {@code table}. {@code gather} rather than
     * {@code take}: PyTorch's backward of take is an accumulating put, about 6x slower on CPU here.
     */
    private static NDArray gather(NDArray table, NDArray index) {
        return table.expandDims(0).gather(index.reshape(1, -1), 1).reshape(index.getShape());
    }

    /**
     * Codes are the level indices 0..K, scale {@code scale2 * D}; computed with the forward pass's float
     * operations (same thresholds, {@code f = x * (scale1 / a~_j) - T_j / a~_j}, jump at f &gt; 1/2), so they match it bit
     * for bit.
     */
    @Override
    public RuntimeGrid runtimeGrid() {
        return RuntimeGrid.refused("N2UQ's activations have learnable non-uniform thresholds: QuantizeLinear rounds on a uniform grid");
    }

    @Override
    public ExportedTensor export(NDArray x) {
        float[] t;
        float[] a;
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray lengthsNow = EngineArrays.of(scope, lengths.getArray().toFloatArray())
                    .maximum(EngineArrays.scalar(scope, MIN_LENGTH));
            a = lengthsNow.toFloatArray();
            t = thresholds(lengthsNow, EngineArrays.of(scope, start.getArray().toFloatArray())).toFloatArray();
        }
        float k1 = scale1.getArray().getFloat();
        float[] v = x.toFloatArray();
        int[] codes = new int[v.length];
        for (int e = 0; e < v.length; e++) {
            float u = v[e] * k1;
            int j = 0;
            while (j + 1 < t.length && u > t[j + 1]) {
                j++;
            }
            float f = v[e] * (k1 / a[j]) - t[j] / a[j]; // the forward pass's slope and offset, same roundings
            codes[e] = j + (f > 0.5f ? 1 : 0);
        }
        return new ExportedTensor(codes, new float[] {scale2.getArray().getFloat() * spacing()}, x.getShape().getShape(), -1);
    }
}
