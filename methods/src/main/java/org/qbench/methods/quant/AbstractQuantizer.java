package org.qbench.methods.quant;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Base class for quantizers: a one-input, same-shape-output block whose forward is {@link #quantize}. */
public abstract class AbstractQuantizer extends AbstractBlock implements Quantizer {

    /** Serialisation version of quantizer blocks. */
    protected static final byte VERSION = 1;

    /** Creates the block. */
    protected AbstractQuantizer() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(quantize(parameterStore, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
