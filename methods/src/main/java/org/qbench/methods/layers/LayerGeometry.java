package org.qbench.methods.layers;

/**
 * How a quantized layer maps its input to a GEMM: a convolution (square kernel, stride, zero padding, dilation
 * and channel groups, NCHW, lowered by im2col) or a fully connected layer (a GEMM as it is).
 *
 * @param convolution whether it is a convolution
 * @param kernel square kernel size (1 for a fully connected layer)
 * @param stride stride (1 for a fully connected layer)
 * @param padding zero padding on each side (0 for a fully connected layer)
 * @param dilation spacing between kernel taps (1: dense; 1 for a fully connected layer)
 * @param groups channel groups (1: one GEMM over every input channel; 1 for a fully connected layer)
 */
public record LayerGeometry(boolean convolution, int kernel, int stride, int padding, int dilation, int groups) {

    /** The geometry of a fully connected layer. */
    public static final LayerGeometry LINEAR = new LayerGeometry(false, 1, 1, 0);

    /** A dense, ungrouped geometry (dilation 1, one group): every layer before dilation and groups existed. */
    public LayerGeometry(boolean convolution, int kernel, int stride, int padding) {
        this(convolution, kernel, stride, padding, 1, 1);
    }

    /**
     * Whether one plain im2col and one GEMM compute the layer: a fully connected layer, or a convolution with
     * dilation 1 and one group.
     */
    public boolean denseGemm() {
        return dilation == 1 && groups == 1;
    }

    /**
     * How cost tables name the layer: {@code linear}, or {@code conv 3x3 s1} followed by {@code d2} for a
     * dilation and {@code g4} for channel groups when they are not 1.
     */
    public String describe() {
        if (!convolution) {
            return "linear";
        }
        return "conv " + kernel + "x" + kernel + " s" + stride + (dilation == 1 ? "" : " d" + dilation)
                + (groups == 1 ? "" : " g" + groups);
    }
}
