package org.qbench.methods;

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

    /** {@link #macsPerSample()} of operands of these shapes, batch first. */
    static long macsPerSample(ai.djl.ndarray.types.Shape left, ai.djl.ndarray.types.Shape right) {
        return left.size() / left.get(0) * right.get(right.dimension() - 1);
    }
}
