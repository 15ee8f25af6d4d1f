package org.qbench.methods;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;

/**
 * The full-precision blocks behind {@link LayerFactory}'s hooks, for factories that keep the default and for
 * methods that wrap it (quantize the operands, then call the full-precision op). Each call makes a new block.
 */
public final class FullPrecisionBlocks {

    private FullPrecisionBlocks() {}

    /** {@code a.matMul(b)} on the two inputs {@code (a, b)}, batched over the leading axes. */
    public static Block matMul() {
        return new LambdaBlock(in -> new NDList(in.get(0).matMul(in.get(1))), "matMul");
    }

    /** {@code x.softmax(axis)}. */
    public static Block softmax(int axis) {
        return LambdaBlock.singleton(x -> x.softmax(axis), "softmax");
    }

    /** DJL's block for the activation function. */
    public static Block activation(ActivationKind kind) {
        return switch (kind) {
            case RELU -> Activation.reluBlock();
            case GELU -> Activation.geluBlock();
        };
    }

    /** DJL's block for the normalisation, with its default epsilon, momentum and learned affine terms. */
    public static Block norm(NormKind kind) {
        return switch (kind) {
            case BATCH -> BatchNorm.builder().build();
            case LAYER -> new LastAxisLayerNorm();
        };
    }

    /**
     * DJL's layer norm over the input's last axis, whatever its rank. DJL's builder takes absolute axes, fixed
     * before the block sees an input; transformers normalise the feature axis of {@code (N, tokens, features)}
     * and of {@code (N, features)} alike, so the axis is chosen from the first input's shape.
     */
    static final class LastAxisLayerNorm extends LayerNorm {

        LastAxisLayerNorm() {
            super(LayerNorm.builder());
        }

        @Override
        protected void beforeInitialize(Shape... inputShapes) {
            axis = new int[] {inputShapes[0].dimension() - 1};
            super.beforeInitialize(inputShapes);
        }
    }
}
