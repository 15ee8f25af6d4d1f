package org.qbench.methods.pact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.RuntimeGrid;
import org.qbench.methods.quant.StraightThrough;

/**
 * PACT's activation quantizer (Choi et al., 2018): a learnable clip {@code alpha} per layer,
 * {@code y = min(relu(x), alpha)}, {@code y_q = round(y L / alpha) alpha / L} with {@code L = 2^k - 1}, and the
 * straight-through estimator around the whole quantization ({@code y + sg(y_q - y)}), which gives PACT's
 * gradients: {@code dy_q/dx = 1} for {@code 0 < x < alpha}, else 0; {@code dy_q/dalpha = 1} for {@code x > alpha},
 * else 0. At the measure-zero ties ({@code x == 0}, {@code x == alpha}) the engine's relu and minimum give 0 and
 * 1/2. Putting the STE on the round alone would add an LSQ-like term to the alpha gradient: a different method.
 *
 * <p>Guard: the grid uses {@code alpha~ = max(alpha, 1e-3)} (see {@link #MIN_ALPHA}), in the forward pass and in
 * {@link #export} alike, so SGD pushing alpha to 0 or below never divides by a zero or negative step. Above the
 * floor this is alpha itself and the gradients are PACT's; below it the value is the floor, and the alpha
 * gradient is still PACT's ({@code 1} for {@code x > alpha~}), so alpha can climb back.
 */
public final class PactActivationQuantizer extends AbstractQuantizer {

    /** PACT's initial clip value. */
    public static final float ALPHA_INIT = 10f;

    /**
     * Floor on the clip value, {@code 1e-3}: the step is {@code alpha / L}, and SGD (or a checkpoint) can put
     * alpha at 0 (step 0: {@code 0/0} for every input) or below (a negative step and a negative clip). alpha
     * starts at {@link #ALPHA_INIT}; a clip under 1e-3 already maps nearly every activation to 0 or the clip,
     * so the floor only acts on a collapsed alpha and leaves every other forward value bit for bit as it was.
     * The floor is straight-through, {@code (alpha - sg(alpha)) + sg(max(alpha, 1e-3))}: exactly
     * {@code max(alpha, 1e-3)} in the forward pass, while alpha keeps PACT's gradient below the floor too. With
     * a plain {@code max} it would get none there, and an alpha once pushed under the floor would never come
     * back (its L2 decay only pulls it towards 0, which is still under the floor).
     */
    static final float MIN_ALPHA = 1e-3f;

    private final Parameter alpha;

    /** A quantizer for {@code bits} in 1..8. */
    public PactActivationQuantizer(int bits) {
        super(validBits(bits, "PACT activations"));
        this.alpha = addParameter(Parameter.builder()
                .setName("alpha")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer(ALPHA_INIT))
                .build());
    }


    /** Sets the clip value (tests, checkpoints). */
    public void setAlpha(float value) {
        EngineArrays.assign(alpha.getArray(), new float[] {value});
    }

    /** The current clip value (the parameter, before the {@link #MIN_ALPHA} floor). */
    public float alpha() {
        return alpha.getArray().getFloat();
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray raw = StraightThrough.inBatch(x, parameterStore.getValue(alpha, x.getDevice(), training));
        // Exactly max(alpha, MIN_ALPHA) in value (the first term is exactly 0), alpha's gradient unchanged.
        NDArray a = raw.sub(raw.stopGradient())
                .add(raw.maximum(StraightThrough.constant(x, MIN_ALPHA)).stopGradient());
        NDArray y = x.getNDArrayInternal().relu().minimum(a);
        NDArray l = StraightThrough.constant(x, (1 << bits()) - 1);
        NDArray step = a.stopGradient().div(l);
        NDArray yq = y.stopGradient().div(step).round().mul(step);
        return y.add(yq.sub(y).stopGradient());
    }

    /** {@code [0, L]} with step {@code alpha~ / L}: PACT's clip at alpha is the grid's upper end. */
    @Override
    public RuntimeGrid runtimeGrid() {
        int l = (1 << bits()) - 1;
        return RuntimeGrid.affine(Math.max(alpha(), MIN_ALPHA) / l, 0, 0, l);
    }

    /** Codes {@code round(clip(x, 0, alpha~) / step)} with scale {@code step = alpha~ / L}, the forward pass's floats. */
    @Override
    public ExportedTensor export(NDArray x) {
        float a = Math.max(alpha(), MIN_ALPHA);
        int l = (1 << bits()) - 1;
        float step = a / l;
        float[] v = x.toFloatArray();
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            codes[i] = (int) Math.rint(Math.min(Math.max(v[i], 0f), a) / step);
        }
        return new ExportedTensor(codes, new float[] {step}, x.getShape().getShape(), -1);
    }
}
