package org.qbench.methods.dorefa;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.StraightThrough;

/**
 * DoReFa's activation quantizer: {@code a_q = quant_k(clip(a, 0, 1))}, a fixed [0, 1] range, straight-through
 * round (gradient 1 inside the range, 0 outside).
 */
public final class DorefaActivationQuantizer extends AbstractQuantizer {

    /** A quantizer for {@code bits} in 1..8. */
    public DorefaActivationQuantizer(int bits) {
        super(validBits(bits, "DoReFa activations"));
    }


    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray a, boolean training) {
        NDArray l = StraightThrough.constant(a, (1 << bits()) - 1);
        return StraightThrough.round(a.clip(0, 1).mul(l)).div(l);
    }

    @Override
    public ExportedTensor export(NDArray a) {
        float[] v = a.toFloatArray();
        int l = (1 << bits()) - 1;
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            codes[i] = (int) Math.rint(Math.min(Math.max(v[i], 0f), 1f) * l);
        }
        return new ExportedTensor(codes, new float[] {1f / l}, a.getShape().getShape(), -1);
    }
}
