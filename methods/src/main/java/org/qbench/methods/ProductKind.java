package org.qbench.methods;

/**
 * Which product of two activations a model asks {@link LayerFactory#matMul} for. The kind tells a method what its
 * operands are, so it can quantize each as its paper does: attention's scores multiply two signed activations,
 * its context multiplies the softmax's probabilities (in [0, 1], already on a log2 grid under PackQViT) by values.
 */
public enum ProductKind implements StableId {
    /** {@code Q K^T}: queries times transposed keys, both signed activations ({@code [B, heads, N, d] x [B, heads, d, N]}). */
    SCORES("q*k^T"),
    /** {@code P V}: attention probabilities times values ({@code [B, heads, N, N] x [B, heads, N, d]}). */
    CONTEXT("attn*v");

    private final String id;

    ProductKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
