package org.qbench.methods;

/** The normalisations a model asks {@link LayerFactory#norm} for. */
public enum NormKind {
    /**
     * Batch norm over axis 1 (the channels of NCHW, the features of {@code (N, F)}), with running statistics
     * for inference: DJL's {@code BatchNorm} defaults (momentum 0.9, epsilon 1e-5).
     */
    BATCH,
    /**
     * Layer norm over the last axis (the features of a transformer's {@code (N, tokens, features)}), with a
     * learned scale and shift, epsilon 1e-5.
     */
    LAYER
}
