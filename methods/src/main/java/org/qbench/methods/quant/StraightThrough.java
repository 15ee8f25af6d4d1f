package org.qbench.methods.quant;

import ai.djl.ndarray.NDArray;

/**
 * Straight-through estimator building blocks in stop-gradient form, shared by every quantizer.
 *
 * <p>Constants in a differentiable expression must be arrays made with {@link #constant}, never Java numbers:
 * on the PyTorch engine, {@code a.mul(2f)} builds a temporary scalar tensor over a Java buffer and frees it
 * when the call returns, while autograd keeps the tensor for the backward pass, which then reads freed
 * memory. The symptom is a rare, non-reproducible gradient of 1e15..1e33 on the factor's other operand
 * ({@link EngineArrays} says why, and a test forbids the pattern).
 *
 * <p>{@link NDArray#round()} maps to {@code torch.round}, which rounds half to even; integer kernels must use
 * the same rule ({@link Math#rint}) or codes differ at exact .5 ties.
 */
public final class StraightThrough {

    private StraightThrough() {}

    /**
     * A scalar constant in engine memory, owned by {@code like}'s manager (the batch's manager during training),
     * so it is freed with the batch and never by the Java garbage collector.
     */
    public static NDArray constant(NDArray like, float value) {
        return EngineArrays.scalar(like.getManager(), value);
    }

    /**
     * A model parameter as seen from the batch: the same value and gradient ({@code 0 + p}), but owned by
     * {@code like}'s manager. DJL attaches an op's result to its first operand's manager, so every
     * intermediate computed from a parameter directly would live in the model's manager until the model
     * closes (gigabytes over a run); computed from this view, they are freed with the batch.
     */
    public static NDArray inBatch(NDArray like, NDArray parameter) {
        return constant(like, 0f).add(parameter);
    }

    /**
     * The mean of {@code |x|} over every axis but the first, shaped to broadcast against {@code x} ({@code (C,
     * 1, 1, ...)}): the per-output-channel statistic of per-channel quantizers. (DJL's PyTorch engine reduces
     * over one axis at a time, hence the reshape.)
     */
    public static NDArray perChannelMeanAbs(NDArray x) {
        long channels = x.getShape().get(0);
        long[] broadcast = new long[x.getShape().dimension()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[0] = channels;
        return x.abs().reshape(channels, -1).mean(new int[] {1}).reshape(broadcast);
    }

    /** {@code round(x)} in the forward, identity gradient: {@code x + sg(round(x) - x)}. */
    public static NDArray round(NDArray x) {
        return x.add(x.round().sub(x).stopGradient());
    }

    /**
     * The value of {@code s} with its gradient multiplied by {@code g} (LSQ's gradient scale); {@code g} is a
     * {@link #constant} owned by the batch, not by the parameter, so it is freed with the batch.
     *
     * <p>Written {@code (g*s - sg(g*s)) + sg(s)} rather than the listing's {@code g*s + sg(s - g*s)}: same
     * gradient, but the forward value is exactly {@code s} in floating point (the first term is exactly 0),
     * so codes match an integer kernel that divides by {@code s} at every rounding tie.
     */
    public static NDArray scaleGradient(NDArray s, NDArray g) {
        NDArray scaled = s.mul(g);
        return scaled.sub(scaled.stopGradient()).add(s.stopGradient());
    }
}
