package org.qbench.tasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.ProductKind;
import org.qbench.methods.layers.QuantMatMul;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.LayerCost;
import org.qbench.tasks.models.VisionTransformer;

/**
 * Attention's products of two activations as cost rows: {@code heads x N x N x d} MACs each for one image, BOPs at
 * the two operands' widths, in forward order between the projections, and no parameters of their own.
 */
class ModelCostProductTest {

    /** 28x28 grey images, 7x7 patches: N = 16 + 2 tokens; width 32 in 4 heads of d = 8; 2 blocks. */
    private static final VisionTransformer.Spec SMALL =
            new VisionTransformer.Spec(1, 28, 7, 32, 2, 4, 2, 10, 8, ActivationKind.GELU);
    private static final long N = SMALL.tokens();
    private static final long D = SMALL.headDim();
    private static final long PRODUCT_MACS = SMALL.heads() * N * N * D;

    private static final LayerFactory FP32 =
            Methods.builtIn().get("fp32").layers(new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.FP32));

    /** fp32 layers; products with a 4-bit left operand and an 8-bit right one, already on their grids. */
    private static final LayerFactory MIXED_PRODUCTS = new LayerFactory() {
        @Override
        public Block conv2d(ConvSpec spec) {
            return FP32.conv2d(spec);
        }

        @Override
        public Block linear(LinearSpec spec) {
            return FP32.linear(spec);
        }

        @Override
        public Block matMul(ProductKind kind, LayerRole role) {
            return new QuantMatMul(kind, role, new IdentityQuantizer(4), new IdentityQuantizer(8));
        }
    };

    private static CostBreakdown cost(LayerFactory layers) {
        Block net = VisionTransformer.build(layers, SMALL);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape one = new Shape(1, 1, 28, 28);
            net.initialize(manager, DataType.FLOAT32, one);
            net.forward(new ai.djl.training.ParameterStore(manager, false), new NDList(manager.zeros(one)), false);
            return ModelCost.breakdown("vit", net);
        }
    }

    private static List<LayerCost> products(CostBreakdown c) {
        return c.layers().stream().filter(LayerCost::activationProduct).toList();
    }

    @Test
    void productRowsAreHeadsTimesTokensSquaredTimesHeadDimInForwardOrder() {
        CostBreakdown c = cost(FP32);
        // per block: qkv, q*k^T, attn*v, projection, two MLP linears; then stem first and the two heads last
        List<String> kinds = c.layers().stream().map(LayerCost::layer).toList();
        List<String> block = List.of("linear", "matmul q*k^T", "matmul attn*v", "linear", "linear", "linear");
        assertEquals(1 + SMALL.depth() * block.size() + 2, kinds.size(), kinds.toString());
        for (int b = 0; b < SMALL.depth(); b++) {
            assertEquals(block, kinds.subList(1 + b * block.size(), 1 + (b + 1) * block.size()), kinds.toString());
        }
        List<LayerCost> products = products(c);
        assertEquals(2 * SMALL.depth(), products.size());
        for (LayerCost p : products) {
            assertEquals(PRODUCT_MACS, p.macs(), p.layer());
            assertEquals(0, p.params(), p.layer());
            assertEquals(0, p.modelBits(), "a full-precision product stores nothing");
            assertEquals("hidden", p.position());
            assertEquals(32, p.weightBits());
            assertEquals(32, p.inputBits());
            assertEquals(PRODUCT_MACS * 32 * 32, p.bops());
            assertEquals(PRODUCT_MACS, p.ops(), "a float product counts its MACs");
            assertEquals(p.layer().equals("matmul q*k^T") ? "4x18x8·4x8x18" : "4x18x18·4x18x8", p.weightShape());
        }
        assertTrue(c.layers().stream().filter(l -> !l.activationProduct()).noneMatch(l -> l.layer().startsWith("matmul")));
        // the totals include them
        assertEquals(c.layers().stream().mapToLong(LayerCost::macs).sum(), c.total().macs());
    }

    @Test
    void productBopsUseTheLeftAndRightOperandWidths() {
        for (LayerCost p : products(cost(MIXED_PRODUCTS))) {
            assertEquals(4, p.weightBits(), "the left operand's width");
            assertEquals(8, p.inputBits(), "the right operand's width");
            assertEquals(PRODUCT_MACS, p.macs());
            assertEquals(PRODUCT_MACS * 4 * 8, p.bops());
            assertEquals((PRODUCT_MACS * 4 * 8 + 63) / 64, p.ops(), "both operands quantized: BOPs / 64, Bi-Real");
        }
    }

    @Test
    void lsqProductsAreAtFourBitsAndTheirStepSizesCountInTheirSize() {
        LayerFactory lsq = Methods.builtIn().get("lsq").layers(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT));
        List<LayerCost> products = products(cost(lsq));
        assertEquals(2 * SMALL.depth(), products.size());
        for (LayerCost p : products) {
            assertEquals(4, p.weightBits());
            assertEquals(4, p.inputBits());
            assertEquals(PRODUCT_MACS * 16, p.bops());
            assertEquals(0, p.params(), "quantizer parameters are not learnable weights");
            assertEquals(2 * 32, p.modelBits(), "one step size per operand, at 32 bits");
        }
    }
}
