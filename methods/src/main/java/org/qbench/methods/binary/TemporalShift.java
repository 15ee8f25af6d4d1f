package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * BRVE's cyclic temporal shift ({@code ShiftBlock1}), parameter-free, on {@code (B, T, C, H, W)} features: the T
 * frames' channels viewed as one axis of length {@code T C}, rolled by {@code +C/2} (forward) or {@code -C/2}
 * (reverse) as {@code torch.roll} does ({@code out[i] = in[(i - shift) mod TC]}). Forward: frame t keeps its first
 * half, moved to channels {@code C/2..C}, and receives the second half of frame {@code t-1} in channels
 * {@code 0..C/2} (frame 0 that of frame {@code T-1}, cyclically); reverse: frame t keeps its second half, moved to
 * {@code 0..C/2}, and receives the first half of frame {@code t+1} in {@code C/2..C}. For T = 3 this is the
 * released code. C must be even.
 */
public final class TemporalShift extends AbstractBlock {

    private static final byte VERSION = 1;

    private final boolean forward;

    /**
     * A shift in one direction.
     *
     * @param forward true: roll by {@code +C/2} (information flows from frame {@code t-1} to t); false: {@code -C/2}
     */
    public TemporalShift(boolean forward) {
        super(VERSION);
        this.forward = forward;
    }

    /** Whether this is the forward roll. */
    public boolean isForward() {
        return forward;
    }

    /**
     * The rolled features.
     *
     * @param x features {@code (B, T, C, H, W)}, C even
     * @param forward the direction
     * @return the same shape
     */
    public static NDArray apply(NDArray x, boolean forward) {
        Shape s = x.getShape();
        if (s.dimension() != 5) {
            throw new IllegalArgumentException("shifts take (B, T, C, H, W) features, got " + s);
        }
        long c = s.get(2);
        if (c % 2 != 0) {
            throw new IllegalArgumentException("shifts need an even channel count, got " + c);
        }
        long length = s.get(1) * c;
        long half = c / 2;
        NDArray flat = x.reshape(s.get(0), length, s.get(3), s.get(4));
        // roll(+h): the last h channels wrap to the front; roll(-h): the first h wrap to the end.
        long cut = forward ? length - half : half;
        NDArray head = flat.get(new NDIndex().addAllDim().addSliceDim(0, cut));
        NDArray tail = flat.get(new NDIndex().addAllDim().addSliceDim(cut, length));
        return tail.concat(head, 1).reshape(s);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), forward));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
