package org.qbench.methods.quant;

/**
 * A tensor in integer form: codes on the quantizer's grid, the scales that map them back to real values, and, for
 * an asymmetric grid, an integer zero point or a real offset:
 *
 * <pre>  value = (code - zeroPoint) * scale + offset</pre>
 *
 * <p>evaluated in float32 in that order ({@link #value}), the order the quantizers' forwards use, so a faithful
 * export reproduces the fake-quantized tensor bit for bit. A symmetric grid has neither ({@code value = code *
 * scale}); a zero-point grid (PackQViT's activations) has an integer {@code zeroPoint}, which an integer GEMM removes
 * with the identity {@code sum (a - z) w = sum a w - z sum w}; an offset grid (LSQ+) has a real {@code offset}
 * {@code beta}, the LSQ+ paper's learnable offset, whose zero point {@code -beta/scale} is not an integer: on integer
 * hardware it folds into the consuming layer's bias ({@code beta sum w}) instead.
 *
 * <p>Scales, zero points and offsets each hold no value (zero points and offsets only: none), one (per tensor), or one
 * per slice along {@code channelAxis}.
 *
 * @param codes integer codes in row-major order
 * @param scales one scale for per-tensor quantization, or one per slice along {@code channelAxis}
 * @param shape the tensor's shape
 * @param channelAxis the axis the per-channel values run along, or -1 when every value is per tensor
 * @param zeroPoints integer zero points in codes: empty (none, 0), one, or one per channel
 * @param offsets real offsets added after scaling: empty (none, 0), one, or one per channel
 */
public record ExportedTensor(int[] codes, float[] scales, long[] shape, int channelAxis, int[] zeroPoints,
        float[] offsets) {

    private static final int[] NO_ZERO_POINTS = {};
    private static final float[] NO_OFFSETS = {};

    /** Validates the sizes. */
    public ExportedTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != codes.length) {
            throw new IllegalArgumentException("codes has " + codes.length + " values, shape needs " + n);
        }
        long channels = channelAxis < 0 ? 1 : shape[channelAxis];
        if (scales.length != channels) {
            throw new IllegalArgumentException("scales has " + scales.length + " values, expected " + channels);
        }
        zeroPoints = zeroPoints == null ? NO_ZERO_POINTS : zeroPoints;
        offsets = offsets == null ? NO_OFFSETS : offsets;
        if (zeroPoints.length > 1 && zeroPoints.length != channels) {
            throw new IllegalArgumentException("zero points has " + zeroPoints.length + " values, expected 0, 1 or " + channels);
        }
        if (offsets.length > 1 && offsets.length != channels) {
            throw new IllegalArgumentException("offsets has " + offsets.length + " values, expected 0, 1 or " + channels);
        }
    }

    /** A symmetric tensor: no zero point, no offset (every export before zero points existed). */
    public ExportedTensor(int[] codes, float[] scales, long[] shape, int channelAxis) {
        this(codes, scales, shape, channelAxis, NO_ZERO_POINTS, NO_OFFSETS);
    }

    /** Whether some zero point is not 0. */
    public boolean hasZeroPoint() {
        for (int z : zeroPoints) {
            if (z != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether some offset is not 0. */
    public boolean hasOffset() {
        for (float o : offsets) {
            if (o != 0f) {
                return true;
            }
        }
        return false;
    }

    /** Whether the scales differ between channels (a per-channel export whose scales are all equal does not). */
    public boolean hasChannelScales() {
        for (float s : scales) {
            if (s != scales[0]) {
                return true;
            }
        }
        return false;
    }

    /** Slices along {@code channelAxis}: 1 when every value is per tensor. */
    public int channels() {
        return channelAxis < 0 ? 1 : (int) shape[channelAxis];
    }

    /** Elements between consecutive channels along {@code channelAxis} (row-major). */
    private int channelStride() {
        long s = 1;
        for (int d = channelAxis + 1; d < shape.length; d++) {
            s *= shape[d];
        }
        return (int) s;
    }

    /** The channel (slice along {@code channelAxis}) of element {@code i}: 0 when every value is per tensor. */
    public int channelOf(int i) {
        return channelAxis < 0 ? 0 : (i / channelStride()) % (int) shape[channelAxis];
    }

    /** The scale of channel {@code c}. */
    public float scale(int c) {
        return scales.length == 1 ? scales[0] : scales[c];
    }

    /** The zero point of channel {@code c} (0 when there is none). */
    public int zeroPoint(int c) {
        return zeroPoints.length == 0 ? 0 : zeroPoints.length == 1 ? zeroPoints[0] : zeroPoints[c];
    }

    /** The offset of channel {@code c} (0 when there is none). */
    public float offset(int c) {
        return offsets.length == 0 ? 0f : offsets.length == 1 ? offsets[0] : offsets[c];
    }

    /**
     * The real value of element {@code i}, in float32 as the quantizers' forwards compute it: {@code code * s},
     * {@code (code - z) * s} or {@code code * s + beta}.
     */
    public float value(int i) {
        int c = channelOf(i);
        float v = (float) (codes[i] - zeroPoint(c)) * scale(c);
        return offsets.length == 0 ? v : v + offset(c);
    }
}
