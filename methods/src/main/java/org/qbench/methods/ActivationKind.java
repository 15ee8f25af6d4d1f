package org.qbench.methods;

/**
 * The activation functions a model asks {@link LayerFactory#activation} for. Add a kind when a model needs one,
 * with its full-precision block in {@link FullPrecisionBlocks#activation}.
 */
public enum ActivationKind {
    /** {@code max(x, 0)}. */
    RELU,
    /** The exact (erf) GELU, {@code x * Phi(x)}, as PyTorch's default. */
    GELU,
    /** {@code x * relu6(x + 3) / 6} (Howard et al., MobileNetV3), piecewise polynomial, so integer-friendly. */
    HARDSWISH
}
