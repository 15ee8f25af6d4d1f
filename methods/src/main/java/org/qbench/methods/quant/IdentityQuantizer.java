package org.qbench.methods.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/** The quantizer of full-precision layers: passes values through unchanged. */
public final class IdentityQuantizer extends AbstractQuantizer {

    @Override
    public int bits() {
        return 32;
    }

    @Override
    public NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training) {
        return x;
    }

    @Override
    public ExportedTensor export(NDArray x) {
        throw new UnsupportedOperationException("a full-precision tensor has no integer form");
    }
}
