package org.qbench.tasks;

import java.util.List;

/**
 * A model's cost layer by layer, by the convention declared in {@link org.qbench.tasks.train.ModelCost}.
 *
 * @param model the model, e.g. {@code resnet-8 (cifar-style, width 8)}
 * @param layers every conv and linear layer and every product of two activations, in forward order
 * @param otherParams learnable parameters outside those layers (batch-norm affine terms)
 * @param otherBits their storage, at 32 bits each
 */
public record CostBreakdown(String model, List<LayerCost> layers, long otherParams, long otherBits) {

    /** Copies the layer list. */
    public CostBreakdown {
        layers = List.copyOf(layers);
    }

    /** The sums over the layers and the rest: what every run result records as its cost. */
    public CostFigures total() {
        return new CostFigures(
                otherParams + layers.stream().mapToLong(LayerCost::params).sum(),
                otherBits + layers.stream().mapToLong(LayerCost::modelBits).sum(),
                layers.stream().mapToLong(LayerCost::macs).sum(),
                layers.stream().mapToLong(LayerCost::bops).sum());
    }

    /** Total operations per sample in Bi-Real Net's convention (see {@link LayerCost#ops()}). */
    public long ops() {
        return layers.stream().mapToLong(LayerCost::ops).sum();
    }
}
