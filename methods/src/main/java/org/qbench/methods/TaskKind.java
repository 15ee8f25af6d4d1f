package org.qbench.methods;

/**
 * The families of task a method can be applied to. Tasks declare their kind; methods declare the kinds
 * they support, so the harness can reject an impossible cell before it trains anything.
 */
public enum TaskKind {
    /** CNN image classification (ResNet family). */
    CNN_CLASSIFICATION,
    /** Vision-transformer image classification. */
    VIT_CLASSIFICATION,
    /** Single-image super-resolution. */
    SUPER_RESOLUTION,
    /** Low-light raw video enhancement. */
    LOWLIGHT_VIDEO
}
