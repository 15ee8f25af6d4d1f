package org.qbench.methods;

/**
 * What a layer does in the network, which decides its precision: {@link #STEM} and {@link #HEAD} follow the
 * run's first/last-layer protocol ({@link FirstLastPrecision}); every other role is a hidden layer at the run's
 * weight and activation bits. A method may also treat roles differently where its paper does (PackQViT's
 * attention products, QuantSR's upsampler), but the precision protocol depends only on the role.
 */
public enum LayerRole {
    /** The first layer(s) on the task's data (image, raw frame): first/last protocol. */
    STEM,
    /** A hidden layer of the main path (the convolutions of a residual block, a feature extractor). */
    BODY,
    /** A layer on a shortcut path (the 1x1 projection of a downsampling residual block). */
    SKIP,
    /**
     * Attention: the query/key/value and output projections, and the activation x activation products
     * {@code Q K^T} and {@code attn V}.
     */
    ATTENTION,
    /** A transformer's feed-forward layers. */
    MLP,
    /**
     * A reconstruction network's tail before its output layer: the convolution after the residual body and the
     * upsampler's convolutions (before each pixel shuffle). It follows the first/last protocol, as the
     * {@link #HEAD} it feeds: SR quantization papers (PAMS, QuantSR) keep the whole tail at the precision of the
     * output layer and quantize the body only.
     */
    UPSAMPLE,
    /** The classifier or the reconstruction output layer: first/last protocol. */
    HEAD;

    /** Whether the first/last-layer protocol applies ({@link #STEM}, {@link #HEAD} and the {@link #UPSAMPLE} tail). */
    public boolean followsFirstLastProtocol() {
        return this == STEM || this == HEAD || this == UPSAMPLE;
    }

    /**
     * Where the role sits, as recorded in result files ({@code first/hidden/last}): {@link #STEM} is first,
     * {@link #HEAD} last, every other role (the {@link #UPSAMPLE} tail too) hidden.
     */
    public LayerPosition position() {
        return switch (this) {
            case STEM -> LayerPosition.FIRST;
            case HEAD -> LayerPosition.LAST;
            default -> LayerPosition.HIDDEN;
        };
    }
}
