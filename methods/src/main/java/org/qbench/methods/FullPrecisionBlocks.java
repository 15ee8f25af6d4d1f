package org.qbench.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The full-precision blocks behind {@link LayerFactory}'s hooks, for factories that keep the default and for
 * methods that wrap it (quantize the operands, then call the full-precision op). Each call makes a new block.
 */
public final class FullPrecisionBlocks {

    private FullPrecisionBlocks() {}

    /** {@code a.matMul(b)} on the two inputs {@code (a, b)}, batched over the leading axes, in full precision. */
    public static Block matMul(ProductKind kind, LayerRole role) {
        return new MatMul(kind, role);
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
            case HARDSWISH -> LambdaBlock.singleton(FullPrecisionBlocks::hardswish, "hardswish");
        };
    }

    /**
     * {@code x * relu6(x + 3) / 6}, written {@code x * (clip(x, -3, 3) + 3) / 6}: the engine's clip, so autograd sees
     * it piecewise (gradient 0 below -3, 1 above 3); constants are engine scalars ({@code full}).
     */
    public static NDArray hardswish(NDArray x) {
        NDArray three = x.getManager().full(new Shape(), 3f, x.getDataType());
        NDArray six = x.getManager().full(new Shape(), 6f, x.getDataType());
        return x.mul(x.clip(-3, 3).add(three)).div(six);
    }

    /** DJL's block for the normalisation, with its default epsilon, momentum and learned affine terms. */
    public static Block norm(NormKind kind) {
        return switch (kind) {
            case BATCH -> BatchNorm.builder().build();
            case LAYER -> new LastAxisLayerNorm();
        };
    }

    /** The full-precision product of two activations, counted by cost accounting as an {@link ActivationProduct}. */
    static final class MatMul extends ProductBlock {

        MatMul(ProductKind kind, LayerRole role) {
            super(kind, role);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(multiply(inputs.get(0), inputs.get(1)));
        }

        @Override
        public int leftBits() {
            return MethodConfig.FULL_PRECISION_BITS;
        }

        @Override
        public int rightBits() {
            return MethodConfig.FULL_PRECISION_BITS;
        }
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
