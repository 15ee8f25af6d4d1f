package org.qbench.tasks.parity;

import java.util.List;

/**
 * The simulated-vs-integer parity of a trained network: per quantized layer on one batch of test images, and
 * end to end as top-1 on the whole test set with every exportable layer computed by integer kernels.
 *
 * @param images test images the per-layer comparison used
 * @param layers per quantized layer, in forward order; layers without an integer form of their input (the first
 *     layer's normalised image) are not listed
 * @param floatLayers how many quantized layers stayed in float for that reason
 * @param simulatedTop1 top-1 (%) of the fake-quant network
 * @param integerTop1 top-1 (%) with integer kernels in every listed layer
 */
public record Parity(int images, List<LayerParity> layers, int floatLayers, double simulatedTop1, double integerTop1) {

    /** Copies the list. */
    public Parity {
        layers = List.copyOf(layers);
    }

    /** The largest per-layer difference, in LSBs (0 when no layer was compared). */
    public double maxDiffLsb() {
        return layers.stream().mapToDouble(LayerParity::maxDiffLsb).max().orElse(0);
    }
}
