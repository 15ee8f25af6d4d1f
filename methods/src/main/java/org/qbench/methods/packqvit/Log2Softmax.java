package org.qbench.methods.packqvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.qbench.methods.layers.QuantizedLayers;
import org.qbench.methods.quant.StraightThrough;

/**
 * PackQViT's attention-probability quantizer, training path: a base-2 softmax of the attention logits followed
 * by a {@code b}-bit log2 quantizer with an identity straight-through estimator (official code: {@code
 * QIntSoftmax.Softmax_p2} and {@code Log2_Quantize}, scheme {@code po2}; notes: {@code
 * shared/reference/methods-cls-vit.md} §3.2):
 *
 * <pre>
 *   P   = 2^(A - max A) / sum 2^(A - max A)            (over the softmax axis)
 *   P_q = 2^round(log2 P) * 1[P &gt; 2^-(2^b - 1)]
 *   out = P + sg(P_q - P)                              (forward P_q, gradient that of P)
 * </pre>
 *
 * <p>So every output is 0 or {@code 2^-k} with {@code 0 <= k <= 2^b - 1}, and {@code attn V} becomes shifts and
 * adds ({@code V >> k}); {@link #exponents} gives the {@code k} for such a kernel. Base 2 is {@code softmax(A ln
 * 2)}: the model adapts its logit scale during QAT.
 *
 * <p>Rounding is in the log domain: {@code P} goes up to {@code 2^-k} from {@code sqrt(2) 2^-(k+1)} on (0.72
 * gives 1, 0.7 gives 0.5), not from {@code 1.5 2^-(k+1)} as in FQ-ViT's Log-Int-Softmax inference path, which
 * the official code also carries (there 0.72 gives 0.5). Ties are decided on the float {@code log2 P}, half to
 * even ({@code torch.round}), as the official code does: the float nearest {@code 2^-1.5} has float log2
 * exactly -1.5 and goes to {@code 2^-2}. The cut-off compares {@code P} itself, not the rounded level: a
 * probability in {@code (2^-(2^b - 1/2), 2^-(2^b - 1)]} rounds to the last level but is dropped.
 *
 * <p>A plain block, not a {@link org.qbench.methods.quant.Quantizer}: its input is the logits, not the tensor it
 * quantizes, it has no learnable parameters, and its levels {@code 2^-k} are not {@code code * scale}, so an
 * {@link org.qbench.methods.quant.ExportedTensor} cannot hold them. As a DJL block it maps {@code NDList(logits)}
 * to {@code NDList(out)} (the shape of the logits), in training and inference alike, so it can stand where a
 * model's attention asks {@link org.qbench.methods.LayerFactory#softmax} for its softmax.
 *
 * <p>Logits must be finite or {@code -Infinity} (a masked entry, probability exactly 0). A row whose logits are
 * all {@code -Infinity} gives all zeros, where the official code (and {@code torch.softmax}) gives NaN: see
 * {@link #ROW_SUM_FLOOR}. Float32 throughout; at 8 bits the cut-off {@code 2^-255} lies below float32's
 * smallest positive value, so every positive probability is kept ({@code k <= 149}), as in the official code,
 * whose cut-off also becomes 0 when it meets a float32 tensor.
 */
public final class Log2Softmax extends AbstractBlock {

    /** Serialisation version of the block (it has no parameters; the version is DJL's convention). */
    private static final byte VERSION = 1;

    /** The exponent code of a zero output in {@link #exponents}: a probability at or below the cut-off. */
    public static final int ZERO = -1;

    /**
     * Floor on a row's sum of {@code 2^(A - max A)}, {@code 1/2}. A row with a finite maximum has a sum of at
     * least 1 (its maximum contributes {@code 2^0 = 1} exactly), so the floor never changes it, and since the
     * floor is below 1 the engine's {@code maximum} never meets a tie there (it would halve the gradient). A row
     * of all {@code -Infinity} (fully masked) has sum 0 and would give {@code 0/0}; floored, it gives zeros and
     * zero gradients.
     */
    static final float ROW_SUM_FLOOR = 0.5f;

    /**
     * Floor on a row's maximum, {@code -Float.MAX_VALUE}: the maximum of a fully masked row is {@code -Infinity},
     * and {@code -Infinity - (-Infinity)} is NaN; floored, every entry gives {@code 2^-Infinity = 0}. A row with
     * a finite maximum is unchanged.
     */
    private static final float ROW_MAX_FLOOR = -Float.MAX_VALUE;

    /** {@code ln 2}, for {@code 2^x = exp(x ln 2)}. */
    private static final double LN2 = Math.log(2.0);

    private final int bits;
    private final int axis;

    /**
     * The quantizer over the last axis (attention's key axis).
     *
     * @param bits the exponent width {@code b}, 1..8: levels {@code 2^-k}, {@code 0 <= k <= 2^b - 1}, and 0
     * @throws IllegalArgumentException for bits outside 1..8
     */
    public Log2Softmax(int bits) {
        this(bits, -1);
    }

    /**
     * The quantizer over {@code axis}.
     *
     * @param bits the exponent width {@code b}, 1..8
     * @param axis the axis that sums to 1 (negative counts from the last)
     * @throws IllegalArgumentException for bits outside 1..8
     */
    public Log2Softmax(int bits, int axis) {
        super(VERSION);
        this.bits = validBits(bits);
        this.axis = axis;
    }

    /** The exponent width {@code b}. */
    public int bits() {
        return bits;
    }

    /** The softmax axis (negative counts from the last). */
    public int axis() {
        return axis;
    }

    /**
     * The training-path forward, {@code P + sg(P_q - P)} of the base-2 softmax of {@code logits}: values on
     * the log2 grid, gradient that of the base-2 softmax. The same in training and inference.
     */
    public NDArray apply(NDArray logits) {
        return log2Quantize(base2Softmax(logits, axis), bits);
    }

    /**
     * The base-2 softmax {@code P = 2^(A - max A) / sum 2^(A - max A)} over {@code axis}, unquantized and
     * differentiable; {@code 2^x} is computed as {@code exp(x ln 2)}.
     *
     * <p>The row maximum is detached: {@code P} does not depend on it, so its true gradient through the maximum
     * is 0, which autograd would only reach up to rounding (the official code does not detach; the gradient is
     * the same function). Both floors ({@link #ROW_MAX_FLOOR}, {@link #ROW_SUM_FLOOR}) only act on a row of all
     * {@code -Infinity}, which then gives zeros.
     *
     * @param logits finite or {@code -Infinity}
     * @param axis the axis that sums to 1 (negative counts from the last)
     */
    public static NDArray base2Softmax(NDArray logits, int axis) {
        int[] axes = {axis};
        NDArray max = logits.max(axes, true).stopGradient()
                .maximum(StraightThrough.constant(logits, ROW_MAX_FLOOR));
        NDArray powers = logits.sub(max).mul(StraightThrough.constant(logits, (float) LN2)).exp();
        NDArray sums = powers.sum(axes, true).maximum(StraightThrough.constant(logits, ROW_SUM_FLOOR));
        return powers.div(sums);
    }

    /**
     * The log2 quantizer with the identity straight-through estimator: forward {@code P_q = 2^round(log2 P) *
     * 1[P > 2^-(2^b - 1)]}, gradient 1.
     *
     * <p>Written {@code sg(P_q) + (P - sg(P))} rather than the listing's {@code P + sg(P_q - P)}: the same
     * gradient, but the forward value is exactly {@code P_q} in floating point (the second term is exactly 0),
     * so every output is an exact power of two or 0. {@code 2^r} comes from the engine's {@code pow} with base
     * 2, exact at integer {@code r} (as the official code's {@code 2 ** r}); {@code exp(r ln 2)} is not.
     *
     * @param probabilities values in [0, 1], such as {@link #base2Softmax}'s
     * @param bits the exponent width {@code b}, 1..8
     * @throws IllegalArgumentException for bits outside 1..8
     */
    public static NDArray log2Quantize(NDArray probabilities, int bits) {
        validBits(bits);
        NDArray p = probabilities.stopGradient();
        NDArray levels = StraightThrough.constant(p, 2f).pow(p.log2().round());
        // At 8 bits the cut-off 2^-255 rounds to 0f: "P > 0", exactly what P > 2^-255 means for a float.
        NDArray kept = p.gt(StraightThrough.constant(p, (float) cutoff(bits)));
        NDArray quantized = NDArrays.where(kept, levels, p.zerosLike());
        return quantized.add(probabilities.sub(p));
    }

    /**
     * The exponents {@code k} of the log2-quantized probabilities, for an integer (shift-add) kernel: {@code
     * k} in {@code 0..2^b - 1} where the forward value is {@code 2^-k}, and {@link #ZERO} ({@code -1}) where it
     * is 0 ({@code P} at or below {@code 2^-(2^b - 1)}); row-major, one per element. {@link #level} maps a code
     * back to its value.
     *
     * <p>Computed in Java with the forward's rule: {@code log2 P} evaluated to float (as the engine does),
     * then rounded half to even ({@link Math#rint}), so codes match {@link #log2Quantize} at float ties too.
     * The input is the unquantized {@code P} ({@link #base2Softmax}), not the forward's output: the cut-off
     * compares {@code P}, and a kept {@code P} just above {@code 2^-(2^b - 1)} has the output {@code 2^-(2^b -
     * 1)}, which is itself at the cut-off.
     *
     * @param probabilities values in [0, 1]
     * @param bits the exponent width {@code b}, 1..8
     * @throws IllegalArgumentException for bits outside 1..8, or a value that is NaN or outside [0, 1]
     */
    public static int[] exponents(NDArray probabilities, int bits) {
        validBits(bits);
        float[] p = probabilities.toType(DataType.FLOAT32, false).toFloatArray();
        double cutoff = cutoff(bits);
        int[] codes = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            float v = p[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("probability [" + i + "] = " + v + " is not in [0, 1]");
            }
            if (v > cutoff) {
                float log2 = (float) (Math.log(v) / LN2);
                codes[i] = -(int) Math.rint(log2);
            } else {
                codes[i] = ZERO;
            }
        }
        return codes;
    }

    /**
     * The value of an exponent code of {@link #exponents}: {@code 2^-k}, or 0 for {@link #ZERO}.
     *
     * @throws IllegalArgumentException for a code that is neither {@link #ZERO} nor in 0..255
     */
    public static float level(int exponent) {
        if (exponent == ZERO) {
            return 0f;
        }
        if (exponent < 0 || exponent > maxExponent(8)) {
            throw new IllegalArgumentException("exponent code " + exponent + " is neither ZERO (-1) nor in 0..255");
        }
        return Math.scalb(1f, -exponent); // 0 beyond float32's range (k > 149), as the engine's 2^-k
    }

    /**
     * The largest exponent {@code 2^b - 1} of a {@code b}-bit log2 grid.
     *
     * @throws IllegalArgumentException for bits outside 1..8
     */
    public static int maxExponent(int bits) {
        return (1 << validBits(bits)) - 1;
    }

    /**
     * The cut-off {@code 2^-(2^b - 1)}: probabilities at or below it quantize to 0. Exact in double; in float32
     * it is exact for {@code b <= 7} and 0 for {@code b = 8}.
     *
     * @throws IllegalArgumentException for bits outside 1..8
     */
    public static double cutoff(int bits) {
        return Math.scalb(1.0, -maxExponent(bits));
    }

    private static int validBits(int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("unsupported bit width " + bits + " for the log2 softmax (1..8)");
        }
        return bits;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray logits = inputs.singletonOrThrow();
        NDArray out = apply(logits);
        return new NDList(training ? out : QuantizedLayers.softmaxOutput(this, logits, out));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "Log2Softmax(bits=" + bits + ", axis=" + axis + ")";
    }
}
