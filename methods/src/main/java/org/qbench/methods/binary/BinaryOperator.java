package org.qbench.methods.binary;

/**
 * The 1-bit operators of BiBench (Qin et al., ICML 2023) and BRVE's, as {@code methods-addendum.md} tabulates them:
 * each is a sign in the forward pass and differs in its backward surrogate, its scales and a learnable threshold.
 */
public enum BinaryOperator {
    /** BNN (Courbariaux/Hubara 2016): clipped STE, no scales. */
    BNN(false, false, false, false),
    /** XNOR-Net (Rastegari 2016): clipped STE; per-sample activation scale, per-channel weight scale. */
    XNOR(false, true, false, true),
    /** DoReFa at 1 bit (Zhou 2016, as BiBench runs it): clipped STE, per-channel weight scale. */
    DOREFA(false, false, false, true),
    /** Bi-Real Net (Liu 2018): ApproxSign backward, per-channel weight scale. */
    BIREAL(true, false, false, true),
    /** ReActNet (Liu 2020): learnable per-channel threshold, ApproxSign backward, per-channel weight scale. */
    REACT(true, false, true, true),
    /**
     * BRVE (Zhang et al., CVPR 2024): ApproxSign backward, per-channel weight scale; its learnable bias is a separate
     * {@link LearnableBias} block because DACA reads the shifted input too.
     */
    BRVE(true, false, false, true);

    private final boolean approxSign;
    private final boolean sampleScale;
    private final boolean threshold;
    private final boolean weightScale;

    BinaryOperator(boolean approxSign, boolean sampleScale, boolean threshold, boolean weightScale) {
        this.approxSign = approxSign;
        this.sampleScale = sampleScale;
        this.threshold = threshold;
        this.weightScale = weightScale;
    }

    /**
     * Whether the activation's backward is Bi-Real's ApproxSign ({@code 2 - 2|x|} on {@code |x| < 1}, 0 outside);
     * false: the clipped straight-through estimator (1 on {@code |x| <= 1}, 0 outside).
     */
    public boolean approxSign() {
        return approxSign;
    }

    /** Whether activations are scaled by their per-sample {@code mean|x|} over C, H, W (detached): XNOR only. */
    public boolean sampleScale() {
        return sampleScale;
    }

    /** Whether the activation quantizer has a learnable per-channel threshold (init 0): ReAct only. */
    public boolean learnableThreshold() {
        return threshold;
    }

    /** Whether weights are scaled by their per-output-channel {@code mean|W|} (detached): all but BNN. */
    public boolean weightScale() {
        return weightScale;
    }
}
