package org.qbench.harness.parity;

/**
 * How one quantized layer's integer computation, or one stage of a transformer's attention, compares with its
 * fake-quant output on real activations.
 *
 * <p>Attention stages ({@code L<block> attn q*k^T}, {@code L<block> attn softmax->exponents}, {@code L<block> attn*v})
 * read as layers: a product's {@code inputBits} and {@code weightBits} are its left and right operands' widths. The
 * softmax row compares exponent codes, not values: {@code maxDiffLsb} is the largest difference in exponent steps
 * (a factor 2 in {@code P}; a zero probability counts as exponent {@code 2^b}), {@code exactFraction} the fraction of
 * equal exponents, and {@code weightBits = inputBits = b}.
 *
 * @param index the layer's place among the network's quantized layers and attention stages, in forward order
 *     (0-based)
 * @param name what the layer is ({@code attention 0}: a role and its ordinal among that role's layers; {@code L0 attn
 *     q*k^T}: an attention stage of block 0); null in results written before names were recorded
 * @param position first, hidden or last
 * @param kernel the integer kernel that computed it ({@code reference-int64} when no fast kernel's widths fit)
 * @param weightBits the weight quantizer's bits
 * @param inputBits the input quantizer's bits
 * @param outputs output elements compared
 * @param maxDiffLsb largest |fake-quant - integer| over the outputs, in units of that output's LSB
 *     ({@code s_a * s_w[o]})
 * @param exactFraction fraction of outputs whose fake-quant value rounds to exactly the integer accumulator
 */
public record LayerParity(
        int index, String name, String position, String kernel, int weightBits, int inputBits, long outputs, double maxDiffLsb,
        double exactFraction) {}
