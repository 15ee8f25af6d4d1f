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

    private final int bits;

    /** Creates the block for a grid of {@code bits} bits (32 for a full-precision pass-through). */
    protected AbstractQuantizer(int bits) {
        super(VERSION);
        this.bits = bits;
    }

    /**
     * {@code bits} when it is in 1..8.
     *
     * @throws IllegalArgumentException naming the quantizer otherwise
     */
    protected static int validBits(int bits, String quantizer) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("unsupported bit width " + bits + " for " + quantizer + " (1..8)");
        }
        return bits;
    }

    @Override
    public final int bits() {
        return bits;
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
