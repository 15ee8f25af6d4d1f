package org.qbench.methods.dorefa;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.qbench.methods.quant.AbstractQuantizer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.RuntimeGrid;
import org.qbench.methods.quant.StraightThrough;

/**
 * DoReFa's activation quantizer: {@code a_q = quant_k(clip(a, 0, 1))}, a fixed [0, 1] range on {@code 2^k - 1}
 * steps, straight-through round (gradient 1 inside the range, 0 outside).
 *
 * <p>Signed inputs (a super-resolution body's residual stream, which has no ReLU before it) get the fixed range
 * [-1, 1] on the symmetric grid {@code round(clip(a, -1, 1) m) / m}, {@code m = 2^(k-1) - 1}, as DoReFa's weights
 * are symmetric: zero stays on the grid and the codes are signed integers. DoReFa itself only quantizes ReLU
 * outputs; the range stays fixed, which is the weakness learnable-range methods (PACT, PAMS, LSQ) address.
 */
public final class DorefaActivationQuantizer extends AbstractQuantizer {

    private final boolean signed;

    /** An unsigned quantizer for {@code bits} in 1..8. */
    public DorefaActivationQuantizer(int bits) {
        this(bits, false);
    }

    /**
     * A quantizer for {@code bits} in 1..8 (2..8 when signed).
     *
     * @param signed whether the input can be negative: the [-1, 1] range on a symmetric grid
     */
    public DorefaActivationQuantizer(int bits, boolean signed) {
        super(validBits(bits, "DoReFa activations"));
        if (signed && bits < 2) {
            throw new IllegalArgumentException("signed DoReFa activations need at least 2 bits, got " + bits);
        }
        this.signed = signed;
    }

    /** Whether the grid is the signed [-1, 1] one. */
    public boolean signed() {
        return signed;
    }

    /** Steps between 0 and the top of the range: {@code 2^k - 1} unsigned, {@code 2^(k-1) - 1} signed. */
    private int levels() {
        return signed ? (1 << (bits() - 1)) - 1 : (1 << bits()) - 1;
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray a, boolean training) {
        NDArray l = StraightThrough.constant(a, levels());
        return StraightThrough.round(a.clip(signed ? -1 : 0, 1).mul(l)).div(l);
    }

    /** Step {@code 1/L} on {@code [0, L]}, or {@code [-L, L]} signed. */
    @Override
    public RuntimeGrid runtimeGrid() {
        int l = levels();
        return RuntimeGrid.affine(1f / l, 0, signed ? -l : 0, l);
    }

    @Override
    public ExportedTensor export(NDArray a) {
        float[] v = a.toFloatArray();
        int l = levels();
        float low = signed ? -1f : 0f;
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            codes[i] = (int) Math.rint(Math.min(Math.max(v[i], low), 1f) * l);
        }
        return new ExportedTensor(codes, new float[] {1f / l}, a.getShape().getShape(), -1);
    }
}
