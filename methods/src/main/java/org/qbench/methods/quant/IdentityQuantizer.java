package org.qbench.methods.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A quantizer that passes values through unchanged: full-precision layers (32 bits), and inputs that are
 * already on an integer grid, such as the first layer's 8-bit image, whose normalisation is an exact affine
 * map of the uint8 pixels (it folds into the first layer's bias on integer hardware).
 */
public final class IdentityQuantizer extends AbstractQuantizer {

    /** A full-precision pass-through (32 bits). */
    public IdentityQuantizer() {
        this(32);
    }

    /** A pass-through for values already on a {@code bits}-bit grid (recorded for cost accounting). */
    public IdentityQuantizer(int bits) {
        super(bits);
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        return x;
    }

    @Override
    public RuntimeGrid runtimeGrid() {
        return RuntimeGrid.passThrough();
    }

    @Override
    public ExportedTensor export(NDArray x) {
        throw new UnsupportedOperationException("a pass-through quantizer has no integer form of its own");
    }
}
