package org.qbench.tasks;

/**
 * The cost of one conv or linear layer, by the convention declared in {@link org.qbench.tasks.train.ModelCost}.
 *
 * @param index the layer's place in forward order, from 1
 * @param layer what the layer is, e.g. {@code conv 3x3 s2} or {@code linear}
 * @param position {@code first}, {@code hidden} or {@code last}
 * @param weightShape the weight's shape, e.g. {@code 16x8x3x3}
 * @param weightBits bits per weight (32 for full precision)
 * @param inputBits bits per input activation (32 for full precision)
 * @param params learnable parameters of the layer (weight and bias; quantizer parameters excluded)
 * @param modelBits storage: weights at their bit width, bias and quantizer parameters at 32 bits
 * @param macs multiply-accumulates per input sample
 * @param bops bit operations per sample, MACs x weight bits x input bits
 * @param ops operations per sample in Bi-Real Net's convention: BOPs / 64 when both operands are quantized,
 *     else MACs (counted as float operations)
 */
public record LayerCost(
        int index, String layer, String position, String weightShape, int weightBits, int inputBits,
        long params, long modelBits, long macs, long bops, long ops) {}
