package org.qbench.tasks.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.qbench.methods.ActivationProduct;
import org.qbench.methods.LayerPosition;
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
 *   <li><b>MACs</b> count conv and linear layers and products of two activations (attention's {@code Q K^T} and
 *       {@code P V}, {@link ActivationProduct}) only, per input sample. A product is a row like a layer, in
 *       forward order: no parameters, its operand quantizers' parameters in its size, its operands' shapes in
 *       place of a weight shape.
 *   <li><b>BOPs</b> = MACs x weight bits x input bits per layer, 32 for a full-precision operand; for a product,
 *       MACs x left operand bits x right operand bits (the rows' weight- and input-bit columns hold the two
 *       operands' widths).
 *   <li><b>OPs</b> follow Bi-Real Net (Liu et al., ECCV 2018) and the binary-network papers after it: OPs =
 *       FLOPs + BOPs / 64, where a layer whose weights and inputs are both quantized contributes BOPs / 64
 *       (for a binary layer, MACs / 64: 64 one-bit operations per 64-bit word) and any other layer its MACs.
 * </ul>
 * Products were first counted when transformers joined the suite; a CNN has none, so its figures are unchanged.
 */
public final class ModelCost {

    /** Bit operations a 64-bit CPU word performs at once, the divisor of Bi-Real Net's convention. */
    public static final int BOPS_PER_OP = 64;

    private ModelCost() {}

    /** The total cost of a model whose layers have seen at least one input. */
    public static CostFigures of(Block model) {
        return breakdown("", model).total();
    }

    /**
     * The cost of a model that has not run yet, on one sample of {@code sampleShape}: one inference forward of a zero
     * sample gives every layer its input shape, hence its MACs. The name is {@code model}, then the input's shape.
     */
    public static CostBreakdown ofShapes(Object model, Block net, Shape sampleShape) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(1).addAll(sampleShape);
            net.initialize(manager, DataType.FLOAT32, input);
            net.forward(new ParameterStore(manager, false), new NDList(manager.zeros(input)), false);
            String dims = Arrays.stream(sampleShape.getShape()).mapToObj(Long::toString)
                    .collect(Collectors.joining("x"));
            return breakdown(model + ", input " + dims, net);
        }
    }

    /** The cost of a model whose layers have seen at least one input, layer by layer, under the given name. */
    public static CostBreakdown breakdown(String name, Block model) {
        Accumulator acc = new Accumulator();
        acc.visit(model);
        return new CostBreakdown(name, acc.layers, acc.otherParams, acc.otherBits);
    }

    /** Walks the block tree in forward order, one row per quantized layer or activation product, the rest summed. */
    private static final class Accumulator {
        final List<LayerCost> layers = new ArrayList<>();
        long otherParams;
        long otherBits;

        void visit(Block block) {
            if (block instanceof QuantizedLayer layer) {
                layers.add(layerCost(layers.size() + 1, layer, block));
                return;
            }
            if (block instanceof ActivationProduct product) {
                layers.add(productCost(layers.size() + 1, product, block));
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
        long[] own = withQuantizers(block, ownParameters(block, wBits));
        long macs = layer.macsPerSample();
        String kind = layer.geometry().describe();
        return new LayerCost(index, kind, position(layer.position()), dims(layer.weightArray().getShape()),
                wBits, aBits, own[0], own[1], macs, bops(macs, wBits, aBits), ops(macs, wBits, aBits));
    }

    /**
     * A product of two activations as a row: the left operand's width in the weight-bits column, the right's in
     * the input-bits column, the operands' per-sample shapes joined by {@code ·} in the weight-shape column.
     */
    private static LayerCost productCost(int index, ActivationProduct product, Block block) {
        int left = product.leftBits();
        int right = product.rightBits();
        // A product has no weights; its operand quantizers (a QuantMatMul's children) store step sizes.
        long[] own = withQuantizers(block, ownParameters(block, MethodConfig.FULL_PRECISION_BITS));
        long macs = product.macsPerSample();
        String shape = product.operandShapes().stream().map(ModelCost::dims).collect(Collectors.joining("·"));
        return new LayerCost(index, "matmul " + product.kind().id(), position(product.role().position()), shape,
                left, right, own[0], own[1], macs, bops(macs, left, right), ops(macs, left, right), true);
    }

    /** The block's own figures plus those of its children, the quantizers, whose step sizes count here. */
    private static long[] withQuantizers(Block block, long[] own) {
        for (Block quantizer : block.getChildren().values()) {
            long[] q = treeParameters(quantizer);
            own[0] += q[0];
            own[1] += q[1];
        }
        return own;
    }

    private static long bops(long macs, int leftBits, int rightBits) {
        return macs * leftBits * rightBits;
    }

    /** Bi-Real OPs: BOPs / 64 rounded up when both operands are quantized, else the MACs as float operations. */
    private static long ops(long macs, int leftBits, int rightBits) {
        boolean quantized = leftBits < MethodConfig.FULL_PRECISION_BITS && rightBits < MethodConfig.FULL_PRECISION_BITS;
        return quantized ? (bops(macs, leftBits, rightBits) + BOPS_PER_OP - 1) / BOPS_PER_OP : macs;
    }

    private static String position(LayerPosition position) {
        return position.name().toLowerCase(Locale.ROOT);
    }

    private static String dims(Shape shape) {
        return Arrays.stream(shape.getShape()).mapToObj(Long::toString).collect(Collectors.joining("x"));
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
