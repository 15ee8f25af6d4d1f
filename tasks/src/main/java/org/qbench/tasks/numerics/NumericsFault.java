package org.qbench.tasks.numerics;

/**
 * The first non-finite value the numerics checker saw in a training run.
 *
 * @param epoch the epoch (1-based)
 * @param step the optimiser step (1-based, counted over the run)
 * @param phase {@code forward}, {@code loss} or {@code backward}
 * @param block the block path in the model, e.g. {@code model/04SequentialBlock/01ParallelBlock/...}
 * @param operation what computed the array, e.g. {@code input quantizer (LsqQuantizer)}
 * @param origin {@link #QUANTIZER}, {@link #LOSS} or {@link #ENGINE}: whom a table footnote blames
 * @param tensor what the array held
 */
public record NumericsFault(int epoch, long step, String phase, String block, String operation, String origin,
        TensorStats tensor) {

    /** The first non-finite value came out of a quantizer (the method's code). */
    public static final String QUANTIZER = "quantizer";
    /** The loss was the first non-finite value (every layer's output was finite). */
    public static final String LOSS = "loss";
    /** A plain engine op (convolution, matrix product, batch norm, an optimiser update) made it. */
    public static final String ENGINE = "engine";

    /** One line for the result's failure reason. */
    public String describe() {
        return "first non-finite value in " + origin + " at epoch " + epoch + ", step " + step + " (" + phase + "): "
                + operation + " of " + block + ", " + tensor.summary();
    }
}
