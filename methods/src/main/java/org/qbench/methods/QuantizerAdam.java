package org.qbench.methods;

/**
 * A method's own optimiser for its quantizer parameters, where it departs from the task's shared recipe: Adam
 * (Kingma and Ba) with PyTorch's default betas and epsilon, following the task's schedule shape scaled to this
 * peak rate. The weights keep the recipe's optimiser. N2UQ uses it: its official code trains the thresholds with
 * Adam, and plain SGD moves an 8-bit interval of 2/255 by more than its own length per step.
 *
 * @param peakLearningRate the rate at the schedule's peak
 * @param weightDecay L2 decay on the quantizer parameters (0 in N2UQ's official code)
 */
public record QuantizerAdam(float peakLearningRate, float weightDecay) {

    /** Adam's first-moment decay. */
    public static final float BETA1 = 0.9f;
    /** Adam's second-moment decay. */
    public static final float BETA2 = 0.999f;
    /** Adam's epsilon. */
    public static final float EPSILON = 1e-8f;

    /** Validates the rates. */
    public QuantizerAdam {
        if (!(peakLearningRate > 0) || !Float.isFinite(peakLearningRate)) {
            throw new IllegalArgumentException("peak learning rate must be positive, got " + peakLearningRate);
        }
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** One line for the result's recipe. */
    public String describe() {
        return "adam (peak lr " + peakLearningRate + ", betas " + BETA1 + "/" + BETA2 + ", eps " + EPSILON
                + ", weight decay " + weightDecay + "), the weights' schedule shape";
    }
}
