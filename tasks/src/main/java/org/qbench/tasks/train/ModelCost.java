package org.qbench.tasks.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.tasks.CostFigures;

/**
 * Cost accounting of a model after at least one forward pass.
 *
 * <p>Convention: parameters are learnable weights, biases and batch-norm affine terms (quantizer step sizes
 * and batch-norm running statistics are not counted). Model size stores each quantized weight at its bit
 * width and every other stored value, step sizes included, at 32 bits; BN running statistics are excluded
 * because they fold into the step sizes at deployment. MACs count conv and linear layers only; BOPs =
 * MACs x weight bits x activation bits per layer (32 for a full-precision side).
 */
public final class ModelCost {

    private ModelCost() {}

    /** The cost of a model whose layers have seen at least one input. */
    public static CostFigures of(Block model) {
        long[] totals = new long[4]; // params, bits, macs, bops
        visit(model, totals);
        return new CostFigures(totals[0], totals[1], totals[2], totals[3]);
    }

    private static void visit(Block block, long[] totals) {
        if (block instanceof QuantizedLayer layer) {
            int wBits = layer.weightQuantizer().bits();
            int aBits = layer.inputQuantizer().bits();
            totals[2] += layer.macsPerSample();
            totals[3] += layer.macsPerSample() * wBits * aBits;
        }
        for (var entry : block.getDirectParameters()) {
            Parameter p = entry.getValue();
            if (!p.isInitialized()) {
                continue;
            }
            long size = p.getArray().size();
            switch (p.getType()) {
                case WEIGHT -> {
                    totals[0] += size;
                    totals[1] += size * (block instanceof QuantizedLayer layer
                            ? layer.weightQuantizer().bits() : MethodConfig.FULL_PRECISION_BITS);
                }
                case BIAS, GAMMA, BETA -> {
                    totals[0] += size;
                    totals[1] += size * MethodConfig.FULL_PRECISION_BITS;
                }
                case RUNNING_MEAN, RUNNING_VAR -> { }
                default -> totals[1] += size * MethodConfig.FULL_PRECISION_BITS; // step sizes, scales
            }
        }
        for (var child : block.getChildren()) {
            visit(child.getValue(), totals);
        }
    }
}
