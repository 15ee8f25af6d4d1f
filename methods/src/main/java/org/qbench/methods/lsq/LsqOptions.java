package org.qbench.methods.lsq;

import org.qbench.methods.MethodOptions;

/**
 * LSQ's variants: the ablation of its step-size gradient scale (Esser et al., 2020: §2.2 motivates
 * {@code g = 1/sqrt(N * Q_P)}; the results section compares it with training unscaled, {@code g = 1}).
 *
 * @param gradientScale whether the step-size gradient is scaled by {@code g = 1/sqrt(N * Q_P)} (the method as
 *     published, the default); false: {@code g = 1}, the step size gets the plain gradient
 */
public record LsqOptions(boolean gradientScale) implements MethodOptions {

    /** The method as published: the step-size gradient scaled by {@code 1/sqrt(N * Q_P)}. */
    public static final LsqOptions DEFAULTS = new LsqOptions(true);
}
