package org.qbench.tasks;

/**
 * The cost of one conv or linear layer, or of one product of two activations (attention's {@code Q K^T} and
 * {@code P V}), by the convention declared in {@link org.qbench.tasks.train.ModelCost}.
 *
 * <p>A product row has no weight: its two operands are activations, so {@code weightShape} gives both operands'
 * per-sample shapes (left, then right), {@code weightBits} is the left operand's width and {@code inputBits} the
 * right operand's. Its {@code params} are 0; its {@code modelBits} are its operand quantizers' parameters.
 *
 * @param index the row's place in forward order, from 1
 * @param layer what the layer is, e.g. {@code conv 3x3 s2} or {@code linear}, or {@code matmul <product>} for a
 *     product of two activations ({@code matmul q*k^T}, {@code matmul attn*v})
 * @param position {@code first}, {@code hidden} or {@code last}
 * @param weightShape the weight's shape, e.g. {@code 16x8x3x3}; for a product, the operands' shapes per sample,
 *     e.g. {@code 4x18x8·4x8x18} (heads x queries x head dim times heads x head dim x keys)
 * @param weightBits bits per weight (32 for full precision); for a product, the left operand's bits
 * @param inputBits bits per input activation (32 for full precision); for a product, the right operand's bits
 * @param params learnable parameters of the layer (weight and bias; quantizer parameters excluded); 0 for a product
 * @param modelBits storage: weights at their bit width, bias and quantizer parameters at 32 bits
 * @param macs multiply-accumulates per input sample
 * @param bops bit operations per sample, MACs x weight bits x input bits (a product: x left x right bits)
 * @param ops operations per sample in Bi-Real Net's convention: BOPs / 64 when both operands are quantized,
 *     else MACs (counted as float operations)
 * @param activationProduct whether the row is a product of two activations rather than a weight layer: not a
 *     weight GEMM, so kernel shapes leave it out
 */
public record LayerCost(
        int index, String layer, String position, String weightShape, int weightBits, int inputBits,
        long params, long modelBits, long macs, long bops, long ops, boolean activationProduct) {

    /** A conv or linear layer's row. */
    public LayerCost(int index, String layer, String position, String weightShape, int weightBits, int inputBits,
            long params, long modelBits, long macs, long bops, long ops) {
        this(index, layer, position, weightShape, weightBits, inputBits, params, modelBits, macs, bops, ops, false);
    }
}
