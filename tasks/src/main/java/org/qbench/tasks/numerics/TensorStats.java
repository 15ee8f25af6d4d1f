package org.qbench.tasks.numerics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * What a non-finite array held: its shape and how many of its elements were NaN, +inf and -inf, with the range
 * and mean of the finite ones (null when there are none).
 *
 * @param shape the array's shape
 * @param size number of elements
 * @param nan NaN elements
 * @param positiveInfinite +inf elements
 * @param negativeInfinite -inf elements
 * @param finiteMin smallest finite element
 * @param finiteMax largest finite element
 * @param finiteMean mean of the finite elements
 */
public record TensorStats(List<Long> shape, long size, long nan, long positiveInfinite, long negativeInfinite,
        Double finiteMin, Double finiteMax, Double finiteMean) {

    /** The statistics of an array (copied to Java once; only for the failing array). */
    public static TensorStats of(NDArray x) {
        float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
        long nan = 0;
        long pos = 0;
        long neg = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float f : v) {
            if (Float.isNaN(f)) {
                nan++;
            } else if (f == Float.POSITIVE_INFINITY) {
                pos++;
            } else if (f == Float.NEGATIVE_INFINITY) {
                neg++;
            } else {
                min = Math.min(min, f);
                max = Math.max(max, f);
                sum += f;
            }
        }
        long finite = v.length - nan - pos - neg;
        List<Long> shape = Arrays.stream(x.getShape().getShape()).boxed().toList();
        return finite == 0
                ? new TensorStats(shape, v.length, nan, pos, neg, null, null, null)
                : new TensorStats(shape, v.length, nan, pos, neg, min, max, sum / finite);
    }

    /** One line, e.g. {@code shape [128, 8, 28, 28]: 12 NaN, 0 +inf, 0 -inf of 802816; finite in [-3.1, 7.2]}. */
    public String summary() {
        return "shape " + shape + ": " + nan + " NaN, " + positiveInfinite + " +inf, " + negativeInfinite + " -inf of "
                + size + (finiteMin == null ? "; no finite value" : "; finite in [" + finiteMin + ", " + finiteMax + "]");
    }
}
