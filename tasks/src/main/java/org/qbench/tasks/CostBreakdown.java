package org.qbench.tasks;

import java.util.List;

/**
 * A model's cost layer by layer, by the convention declared in {@link org.qbench.tasks.train.ModelCost}.
 *
 * @param model the model, e.g. {@code resnet-8 (cifar-style, width 8)}
 * @param layers every conv and linear layer, in forward order
 * @param otherParams learnable parameters outside those layers (batch-norm affine terms)
 * @param otherBits their storage, at 32 bits each
 * @param total the sums over the layers and the rest; what every run result records as its cost
 * @param ops total operations per sample in Bi-Real Net's convention (see {@link LayerCost#ops()})
 */
public record CostBreakdown(String model, List<LayerCost> layers, long otherParams, long otherBits, CostFigures total, long ops) {

    /** Copies the layer list. */
    public CostBreakdown {
        layers = List.copyOf(layers);
    }
}
