package org.qbench.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import java.util.List;

/**
 * The part every block behind {@link LayerFactory#matMul} shares, full precision or quantized: which product it is,
 * where it sits, and the MACs and operand shapes of the last forward (what {@link ActivationProduct} reports to cost
 * accounting). A subclass decides its operands' widths and what happens to them before {@link #multiply}.
 */
public abstract class ProductBlock extends AbstractBlock implements ActivationProduct {

    private final ProductKind kind;
    private final LayerRole role;
    private long macs;
    private List<Shape> operands = List.of();

    /** A product of this kind in this role. */
    protected ProductBlock(ProductKind kind, LayerRole role) {
        this.kind = kind;
        this.role = role;
    }

    /** {@code a.matMul(b)}, recording the MACs and operand shapes of the product. */
    protected final NDArray multiply(NDArray a, NDArray b) {
        macs = ActivationProduct.macsPerSample(a.getShape(), b.getShape());
        operands = ActivationProduct.operandShapes(a.getShape(), b.getShape());
        return a.matMul(b);
    }

    /** The left operand's shape without its last axis, then the right operand's last axis. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape a = inputShapes[0];
        return new Shape[] {a.slice(0, a.dimension() - 1).add(inputShapes[1].get(inputShapes[1].dimension() - 1))};
    }

    @Override
    public final ProductKind kind() {
        return kind;
    }

    @Override
    public final LayerRole role() {
        return role;
    }

    @Override
    public final long macsPerSample() {
        return macs;
    }

    @Override
    public final List<Shape> operandShapes() {
        return operands;
    }
}
