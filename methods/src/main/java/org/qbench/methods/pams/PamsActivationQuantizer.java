package org.qbench.methods.pams;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * PAMS's activation quantizer ({@code pams_quant_act} in the official code {@code colorjam/PAMS},
 * {@code model/quant_ops.py}): a learnable max scale {@code alpha} per layer and a symmetric signed grid of
 * {@code 2 Q + 1} levels, {@code Q = 2^(b-1) - 1}:
 *
 * <pre>  c = max(min(x, alpha), -alpha),  y = round(c / d) d,  d = alpha / Q</pre>
 *
 * <p>with a straight-through round and {@code alpha} differentiated everywhere it appears (the code does not detach
 * it). Autograd then gives {@code dy/dx = 1} for {@code |x| < alpha}, else 0, and
 * {@code dy/dalpha = (round(v) - v) / Q} for {@code |x| < alpha} ({@code v = x/d}, LSQ's form), {@code sign(x)}
 * outside (PACT's form on both sides). At the measure-zero ties {@code |x| = alpha} the engine's minimum and maximum
 * split the gradient in halves.
 *
 * <p>Initialisation: the code starts {@code alpha} at 10, then, through the first epoch, overwrites it on every
 * batch with the batch's mean of the per-sample {@code max |x|} (an "EMA" that, with its default one EMA epoch, is
 * the last batch's value) without clipping, and only learns it from the second epoch. Here that statistic is taken
 * once, from the first tensor the quantizer sees (the training loop's calibration batch), and {@code alpha} learns
 * from the first step.
 *
 * <p>Guard: the grid uses {@code max(alpha, 1e-5)} in value, with {@code alpha}'s gradient passed straight through
 * (PACT's guard in qbench), so a collapsed {@code alpha} never divides by zero and can recover.
 */
public final class PamsActivationQuantizer extends AbstractQuantizer {

    /** The code's starting value of {@code alpha}, before the first batch overwrites it. */
    public static final float ALPHA_INIT = 10f;
    /** Floor on {@code alpha} in value. */
    static final float MIN_ALPHA = 1e-5f;

    private final Parameter alpha;
    private boolean initialised;

    /** A quantizer for {@code bits} in 2..8 (1 bit has no positive symmetric level). */
    public PamsActivationQuantizer(int bits) {
        super(validBits(bits, "PAMS activations"));
        if (bits < 2) {
            throw new IllegalArgumentException("PAMS needs 2..8 bits (a symmetric 1-bit grid has only 0), got " + bits);
        }
        this.alpha = addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(ALPHA_INIT)).build());
    }

    /** {@code Q = 2^(b-1) - 1}: the largest code; the grid is {@code -Q..Q}. */
    public int qmax() {
        return (1 << (bits() - 1)) - 1;
    }

    /** Sets {@code alpha} explicitly; no data-driven initialisation follows. */
    public void setAlpha(float value) {
        EngineArrays.assign(alpha.getArray(), new float[] {value});
        initialised = true;
    }

    /** The current {@code alpha} (the parameter, before the floor). */
    public float alpha() {
        return alpha.getArray().getFloat();
    }

    /** Whether {@code alpha} has been set, from data or explicitly. */
    public boolean isCalibrated() {
        return initialised;
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        if (!initialised) {
            initialiseFrom(x);
        }
        NDArray raw = StraightThrough.inBatch(x, parameterStore.getValue(alpha, x.getDevice(), training));
        // Exactly max(alpha, MIN_ALPHA) in value (the first term is exactly 0), alpha's gradient unchanged.
        NDArray a = raw.sub(raw.stopGradient())
                .add(raw.maximum(StraightThrough.constant(x, MIN_ALPHA)).stopGradient());
        NDArray clipped = x.minimum(a).maximum(a.neg());
        NDArray step = a.div(StraightThrough.constant(x, qmax()));
        return StraightThrough.round(clipped.div(step)).mul(step);
    }

    /** {@code alpha} = the mean over samples (axis 0) of each sample's {@code max |x|}, the code's statistic. */
    private void initialiseFrom(NDArray x) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray detached = x.stopGradient();
            detached.attach(scope);
            NDArray abs = detached.abs();
            float value = x.getShape().dimension() < 2
                    ? abs.max().getFloat()
                    : abs.reshape(x.getShape().get(0), -1).max(new int[] {1}).mean().getFloat();
            setAlpha(Math.max(value, MIN_ALPHA));
        }
    }

    /** Codes {@code rint(clamp(x, -alpha, alpha) / d)} with the one scale {@code d = alpha / Q}, the forward's floats. */
    @Override
    public ExportedTensor export(NDArray x) {
        float a = Math.max(alpha(), MIN_ALPHA);
        float step = a / qmax();
        float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            codes[i] = (int) Math.rint(Math.max(Math.min(v[i], a), -a) / step);
        }
        return new ExportedTensor(codes, new float[] {step}, x.getShape().getShape(), -1);
    }
}
