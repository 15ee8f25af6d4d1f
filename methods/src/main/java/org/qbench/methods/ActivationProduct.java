package org.qbench.methods;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A block that multiplies two activations ({@link LayerFactory#matMul}), as cost accounting sees it: its kind,
 * the widths of its operands and its multiply-accumulates. Attention's two products are {@code N^2 d} MACs per
 * head, a share of a transformer's compute that grows with the token count, so they are counted like layers.
 */
public interface ActivationProduct {

    /** Which product it is. */
    ProductKind kind();

    /** Where it sits. */
    LayerRole role();

    /** The left operand's width in bits (32: full precision). */
    int leftBits();

    /** The right operand's width in bits (32: full precision). */
    int rightBits();

    /**
     * Multiply-accumulates per sample for the last inputs seen (0 before the first forward): the left operand's
     * elements per sample times the right operand's last dimension.
     */
    long macsPerSample();

    /**
     * The operands' shapes per sample (batch dropped) for the last inputs seen, left then right, e.g. {@code
     * [heads, N, d]} and {@code [heads, d, N]} for {@code Q K^T}; empty before the first forward. Cost tables
     * write them in place of a layer's weight shape.
     */
    List<Shape> operandShapes();

    /** {@link #operandShapes()} of operands of these shapes, batch first. */
    static List<Shape> operandShapes(Shape left, Shape right) {
        return List.of(left.slice(1), right.slice(1));
    }

    /** {@link #macsPerSample()} of operands of these shapes, batch first. */
    static long macsPerSample(Shape left, Shape right) {
        return left.size() / left.get(0) * right.get(right.dimension() - 1);
    }
}
