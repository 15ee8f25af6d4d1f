package org.qbench.methods.lsq;

import org.qbench.methods.MethodOptions;

/**
 * LSQ's variants: the ablation of its step-size gradient scale (Esser et al., 2020: §2.2 motivates
 * {@code g = 1/sqrt(N * Q_P)}; the results section compares it with training unscaled, {@code g = 1}), and
 * per-output-channel weight step sizes (the granularity transformer papers give LSQ as a baseline). An option left
 * out (null) takes its published default.
 *
 * @param gradientScale whether the step-size gradient is scaled by {@code g = 1/sqrt(N * Q_P)} (the method as
 *     published, the default); false: {@code g = 1}, the step size gets the plain gradient
 * @param perChannel whether weights get one step size per output channel (default false: one per tensor, as
 *     published); the gradient scale keeps the whole tensor's {@code N}
 */
public record LsqOptions(Boolean gradientScale, Boolean perChannel) implements MethodOptions {

    /** The method as published: the step-size gradient scaled by {@code 1/sqrt(N * Q_P)}, per-tensor weights. */
    public static final LsqOptions DEFAULTS = new LsqOptions(true, false);

    /** Fills the options left out with the published defaults. */
    public LsqOptions {
        gradientScale = gradientScale == null ? Boolean.TRUE : gradientScale;
        perChannel = perChannel == null ? Boolean.FALSE : perChannel;
    }

    /** The gradient-scale ablation alone, per-tensor weights. */
    public LsqOptions(boolean gradientScale) {
        this(gradientScale, false);
    }
}
