package org.qbench.methods.pact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * PACT's activation quantizer (Choi et al., 2018): a learnable clip {@code alpha} per layer,
 * {@code y = min(relu(x), alpha)}, {@code y_q = round(y L / alpha) alpha / L} with {@code L = 2^k - 1}, and the
 * straight-through estimator around the whole quantization ({@code y + sg(y_q - y)}), which gives PACT's
 * gradients: {@code dy_q/dx = 1} for {@code 0 < x < alpha}, else 0; {@code dy_q/dalpha = 1} for {@code x > alpha},
 * else 0. At the measure-zero ties ({@code x == 0}, {@code x == alpha}) the engine's relu and minimum give 0 and
 * 1/2. Putting the STE on the round alone would add an LSQ-like term to the alpha gradient: a different method.
 */
public final class PactActivationQuantizer extends AbstractQuantizer {

    /** PACT's initial clip value. */
    public static final float ALPHA_INIT = 10f;

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
        NDArray array = alpha.getArray();
        try (NDManager scope = array.getManager().newSubManager()) {
            array.subi(array).addi(scope.create(new float[] {value}, array.getShape()));
        }
    }

    /** The current clip value. */
    public float alpha() {
        return alpha.getArray().getFloat();
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray a = StraightThrough.inBatch(x, parameterStore.getValue(alpha, x.getDevice(), training));
        NDArray y = x.getNDArrayInternal().relu().minimum(a);
        NDArray l = StraightThrough.constant(x, (1 << bits()) - 1);
        NDArray step = a.stopGradient().div(l);
        NDArray yq = y.stopGradient().div(step).round().mul(step);
        return y.add(yq.sub(y).stopGradient());
    }

    @Override
    public ExportedTensor export(NDArray x) {
        float a = alpha();
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
