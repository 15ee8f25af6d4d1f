package org.qbench.methods.layers;

/**
 * How a quantized layer maps its input to a GEMM: a convolution (square kernel, stride, zero padding, NCHW,
 * lowered by im2col) or a fully connected layer (a GEMM as it is).
 *
 * @param convolution whether it is a convolution
 * @param kernel square kernel size (1 for a fully connected layer)
 * @param stride stride (1 for a fully connected layer)
 * @param padding zero padding on each side (0 for a fully connected layer)
 */
public record LayerGeometry(boolean convolution, int kernel, int stride, int padding) {

    /** The geometry of a fully connected layer. */
    public static final LayerGeometry LINEAR = new LayerGeometry(false, 1, 1, 0);
}
