package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.qbench.methods.LayerRole;
import org.qbench.methods.ProductBlock;
import org.qbench.methods.ProductKind;
import org.qbench.methods.quant.Quantizer;

/**
 * The product of two activations with each operand fake-quantized first ({@code Q(a) x Q(b)}): attention's
 * {@code Q K^T} and {@code P V} under a method that quantizes them (full quantization of a transformer, as Q-ViT
 * and PackQViT train it). The quantizers are child blocks, so their parameters train and save with the model.
 */
public final class QuantMatMul extends ProductBlock {

    /**
     * The fewest bits attention probabilities get: PackQViT's code keeps its log2 attention at 4 bits when the rest
     * of the network is at 2 or 3, and the baselines get the same width for {@code P}, so that rows compare.
     */
    public static final int MIN_PROBABILITY_BITS = 4;

    private final Quantizer left;
    private final Quantizer right;

    /**
     * A product with quantized operands.
     *
     * @param kind which product
     * @param role where it sits
     * @param left the left operand's quantizer
     * @param right the right operand's quantizer
     */
    public QuantMatMul(ProductKind kind, LayerRole role, Quantizer left, Quantizer right) {
        super(kind, role);
        this.left = addChildBlock("left", left);
        this.right = addChildBlock("right", right);
    }

    /** The width of attention probabilities at an activation width: at least {@link #MIN_PROBABILITY_BITS}. */
    public static int probabilityBits(int activationBits) {
        return Math.max(activationBits, MIN_PROBABILITY_BITS);
    }

    /** The left operand's quantizer. */
    public Quantizer leftQuantizer() {
        return left;
    }

    /** The right operand's quantizer. */
    public Quantizer rightQuantizer() {
        return right;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray a = left.quantize(ps, inputs.get(0), training);
        NDArray b = right.quantize(ps, inputs.get(1), training);
        NDArray y = multiply(a, b);
        LayerInterceptor interceptor = QuantizedLayers.current();
        return new NDList(interceptor == null || training ? y : interceptor.product(this, inputs.get(0), inputs.get(1), y));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        left.initialize(manager, dataType, inputShapes[0]);
        right.initialize(manager, dataType, inputShapes[1]);
    }

    @Override
    public int leftBits() {
        return left.bits();
    }

    @Override
    public int rightBits() {
        return right.bits();
    }
}
