package org.qbench.methods.quantsr;

import org.qbench.methods.MethodOptions;

/**
 * QuantSR's ablations and the choices its released code leaves open (see {@link DepthSchedule}). An option left out
 * (null) takes its default, the method as this project reads the paper and the code. JSON names are snake case
 * ({@code rlq}, {@code dqa}, {@code dqa_switch}, {@code eval_version}, {@code tanh_k}).
 *
 * @param rlq whether weights and body-conv inputs use RLQ (default true); false: plain LSQ quantizers (straight-through
 *     round, no shift {@code tau}, activation signedness from the model's spec), the paper's "DQA only" ablation
 * @param dqa whether residual blocks are QuantSR's depth-dynamic blocks with learnable shortcut scales and three
 *     weight-shared depths (default true); false: the model's plain {@code y = x + F(x)} blocks and one network,
 *     the "RLQ only" ablation
 * @param dqaSwitch the fraction of the training steps after which the sub-networks are ranked and trained (default
 *     0.5; in [0, 1])
 * @param evalVersion the depth evaluated and deployed: 0 full (default), 1 the larger sub-network (the released test
 *     script's), 2 the smaller; only 0 without DQA
 * @param tanhK the sharpness {@code k} of RLQ's tanh round surrogate (default 1, the code's; finite and > 0)
 */
public record QuantsrOptions(Boolean rlq, Boolean dqa, Double dqaSwitch, Integer evalVersion, Double tanhK)
        implements MethodOptions {

    /** The method as published: RLQ and DQA on, switch at half the steps, full-depth evaluation, k = 1. */
    public static final QuantsrOptions DEFAULTS = new QuantsrOptions(null, null, null, null, null);

    /**
     * Fills the options left out with their defaults and validates them.
     *
     * @throws IllegalArgumentException in one line naming the option and its value
     */
    public QuantsrOptions {
        rlq = rlq == null ? Boolean.TRUE : rlq;
        dqa = dqa == null ? Boolean.TRUE : dqa;
        dqaSwitch = dqaSwitch == null ? 0.5 : dqaSwitch;
        evalVersion = evalVersion == null ? 0 : evalVersion;
        tanhK = tanhK == null ? RlqQuantizer.DEFAULT_K : tanhK;
        if (!(dqaSwitch >= 0 && dqaSwitch <= 1)) {
            throw new IllegalArgumentException("QuantSR option dqa_switch must be in [0, 1], got " + dqaSwitch);
        }
        if (evalVersion < 0 || evalVersion > 2) {
            throw new IllegalArgumentException("QuantSR option eval_version must be 0, 1 or 2, got " + evalVersion);
        }
        if (!dqa && evalVersion != 0) {
            throw new IllegalArgumentException(
                    "QuantSR option eval_version " + evalVersion + " needs dqa=true (without DQA there is one depth)");
        }
        if (!(tanhK > 0) || !Double.isFinite(tanhK)) {
            throw new IllegalArgumentException("QuantSR option tanh_k must be finite and > 0, got " + tanhK);
        }
    }
}
