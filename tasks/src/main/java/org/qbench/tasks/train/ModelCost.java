package org.qbench.tasks.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.CostFigures;
import org.qbench.tasks.LayerCost;

/**
 * Cost accounting of a model after at least one forward pass, per layer and in total.
 *
 * <p>Convention:
 * <ul>
 *   <li><b>Parameters</b> are learnable weights, biases and batch-norm affine terms; quantizer parameters
 *       (step sizes, clipping levels, thresholds) and batch-norm running statistics are not counted.
 *   <li><b>Model size</b> stores each quantized weight at its bit width and every other stored value, quantizer
 *       parameters included, at 32 bits; BN running statistics are excluded because they fold into the
 *       scales at deployment.
 *   <li><b>MACs</b> count conv and linear layers only, per input sample.
 *   <li><b>BOPs</b> = MACs x weight bits x input bits per layer, 32 for a full-precision operand.
 *   <li><b>OPs</b> follow Bi-Real Net (Liu et al., ECCV 2018) and the binary-network papers after it: OPs =
 *       FLOPs + BOPs / 64, where a layer whose weights and inputs are both quantized contributes BOPs / 64
 *       (for a binary layer, MACs / 64: 64 one-bit operations per 64-bit word) and any other layer its MACs.
 * </ul>
 */
public final class ModelCost {

    /** Bit operations a 64-bit CPU word performs at once, the divisor of Bi-Real Net's convention. */
    public static final int BOPS_PER_OP = 64;

    private ModelCost() {}

    /** The total cost of a model whose layers have seen at least one input. */
    public static CostFigures of(Block model) {
        return breakdown("", model).total();
    }

    /** The cost of a model whose layers have seen at least one input, layer by layer, under the given name. */
    public static CostBreakdown breakdown(String name, Block model) {
        Accumulator acc = new Accumulator();
        acc.visit(model);
        return new CostBreakdown(name, acc.layers, acc.otherParams, acc.otherBits);
    }

    /** Walks the block tree in forward order, one row per quantized layer, the rest summed. */
    private static final class Accumulator {
        final List<LayerCost> layers = new ArrayList<>();
        long otherParams;
        long otherBits;

        void visit(Block block) {
            if (block instanceof QuantizedLayer layer) {
                layers.add(layerCost(layers.size() + 1, layer, block));
                return;
            }
            long[] own = ownParameters(block, MethodConfig.FULL_PRECISION_BITS);
            otherParams += own[0];
            otherBits += own[1];
            block.getChildren().values().forEach(this::visit);
        }
    }

    private static LayerCost layerCost(int index, QuantizedLayer layer, Block block) {
        int wBits = layer.weightQuantizer().bits();
        int aBits = layer.inputQuantizer().bits();
        long[] own = ownParameters(block, wBits);
        // The quantizers are the layer's children; what they store (step sizes, thresholds) counts here.
        for (Block quantizer : block.getChildren().values()) {
            long[] q = treeParameters(quantizer);
            own[0] += q[0];
            own[1] += q[1];
        }
        long macs = layer.macsPerSample();
        long bops = macs * wBits * aBits;
        boolean quantized = wBits < MethodConfig.FULL_PRECISION_BITS && aBits < MethodConfig.FULL_PRECISION_BITS;
        long ops = quantized ? (bops + BOPS_PER_OP - 1) / BOPS_PER_OP : macs;
        String kind = layer.geometry().describe();
        String shape = java.util.Arrays.stream(layer.weightArray().getShape().getShape()).mapToObj(Long::toString)
                .collect(Collectors.joining("x"));
        return new LayerCost(index, kind, layer.position().name().toLowerCase(java.util.Locale.ROOT), shape,
                wBits, aBits, own[0], own[1], macs, bops, ops);
    }

    /** The parameters of a block and all its descendants, everything at 32 bits. */
    private static long[] treeParameters(Block block) {
        long[] sum = ownParameters(block, MethodConfig.FULL_PRECISION_BITS);
        for (Block child : block.getChildren().values()) {
            long[] c = treeParameters(child);
            sum[0] += c[0];
            sum[1] += c[1];
        }
        return sum;
    }

    /**
     * A block's own (not its children's) learnable parameters and their storage: weights at
     * {@code weightBits}, biases and batch-norm affine terms at 32 bits, running statistics skipped.
     */
    private static long[] ownParameters(Block block, int weightBits) {
        long params = 0;
        long bits = 0;
        for (var entry : block.getDirectParameters()) {
            Parameter p = entry.getValue();
            if (!p.isInitialized()) {
                continue;
            }
            long size = p.getArray().size();
            switch (p.getType()) {
                case WEIGHT -> {
                    params += size;
                    bits += size * weightBits;
                }
                case BIAS, GAMMA, BETA -> {
                    params += size;
                    bits += size * MethodConfig.FULL_PRECISION_BITS;
                }
                case RUNNING_MEAN, RUNNING_VAR -> { }
                default -> bits += size * MethodConfig.FULL_PRECISION_BITS; // step sizes, scales, thresholds
            }
        }
        return new long[] {params, bits};
    }
}
