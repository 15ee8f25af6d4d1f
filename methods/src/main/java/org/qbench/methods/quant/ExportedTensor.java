package org.qbench.methods.quant;

/**
 * A tensor in integer form: codes on the quantizer's grid and the scales that map them back to real values.
 *
 * @param codes integer codes in row-major order
 * @param scales one scale for per-tensor quantization, or one per slice along {@code channelAxis}
 * @param shape the tensor's shape
 * @param channelAxis the axis the scales run along, or -1 for one per-tensor scale
 */
public record ExportedTensor(int[] codes, float[] scales, long[] shape, int channelAxis) {

    /** Validates the sizes. */
    public ExportedTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != codes.length) {
            throw new IllegalArgumentException("codes has " + codes.length + " values, shape needs " + n);
        }
        long expectedScales = channelAxis < 0 ? 1 : shape[channelAxis];
        if (scales.length != expectedScales) {
            throw new IllegalArgumentException(
                    "scales has " + scales.length + " values, expected " + expectedScales);
        }
    }
}
