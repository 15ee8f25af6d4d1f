package org.qbench.harness.parity;

/**
 * How one quantized layer's integer computation compares with its fake-quant output on real activations.
 *
 * @param index the layer's place among the network's quantized layers, in forward order (0-based)
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
        int index, String position, String kernel, int weightBits, int inputBits, long outputs, double maxDiffLsb,
        double exactFraction) {}
