package org.qbench.tasks.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.QuantizerAdam;

/**
 * How a recipe trains: the optimiser, its rate and schedule, warm-up, weight decay, the quantizer parameters'
 * rate and gradient clipping. {@link TrainingLoop} builds the DJL optimiser from it; a method that trains its
 * quantizer parameters its own way ({@link QuantMethod#quantizerOptimizer()}) gets them routed to its optimiser.
 *
 * @param optimiser which optimiser
 * @param learningRate peak learning rate of the weights
 * @param momentum SGD momentum (ignored by Adam and AdamW, which use PyTorch's default betas)
 * @param weightDecay weight decay on every parameter (L2 for SGD and Adam, decoupled for AdamW)
 * @param schedule the rate's shape after warm-up
 * @param warmupEpochs epochs of linear warm-up from 0 (fractions allowed)
 * @param quantizerLrScale learning rate of quantizer parameters relative to the weights'
 * @param clipGradNorm the global L2 norm gradients are scaled down to before each step, or 0 for none
 */
public record Optimisation(
        Optimiser optimiser, float learningRate, float momentum, float weightDecay, Schedule schedule,
        float warmupEpochs, float quantizerLrScale, float clipGradNorm) {

    /** The optimisers a recipe may name. */
    public enum Optimiser {
        /** SGD with momentum. */
        SGD,
        /** Adam (Kingma and Ba) with L2 weight decay. */
        ADAM,
        /** AdamW (Loshchilov and Hutter): Adam with decoupled weight decay. */
        ADAMW
    }

    /** Validates the numbers. */
    public Optimisation {
        Objects.requireNonNull(optimiser, "optimiser");
        Objects.requireNonNull(schedule, "schedule");
        positive("learning rate", learningRate, false);
        positive("momentum", momentum, true);
        positive("weight decay", weightDecay, true);
        positive("warm-up epochs", warmupEpochs, true);
        positive("quantizer learning-rate scale", quantizerLrScale, false);
        positive("gradient clipping norm", clipGradNorm, true);
    }

    private static void positive(String what, float v, boolean zeroAllowed) {
        if (!Float.isFinite(v) || v < 0 || (!zeroAllowed && v == 0)) {
            throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", got " + v);
        }
    }

    /** SGD with momentum and a cosine schedule, the classification recipe's. */
    public static Optimisation sgd(float learningRate, float momentum, float weightDecay, float warmupEpochs,
            float quantizerLrScale) {
        return new Optimisation(Optimiser.SGD, learningRate, momentum, weightDecay, new Schedule.Cosine(), warmupEpochs,
                quantizerLrScale, 0f);
    }

    /**
     * The optimiser of one run and the schedule that tells quantizer parameters apart (collect them once the model
     * is initialised).
     *
     * @param optimizer the DJL optimiser the trainer uses
     * @param rates the weights' schedule, scaled for quantizer parameters
     */
    public record Built(Optimizer optimizer, ScaledLearningRate rates) {}

    /** Builds the optimiser for {@code epochs} of {@code stepsPerEpoch} steps. */
    public Built build(int stepsPerEpoch, int epochs, QuantMethod method) {
        int totalSteps = stepsPerEpoch * epochs;
        int warmup = Math.round(warmupEpochs * stepsPerEpoch);
        Tracker main = schedule.tracker(learningRate, totalSteps - warmup, stepsPerEpoch);
        ScaledLearningRate rates = new ScaledLearningRate(warmup > 0
                ? WarmUpTracker.builder().setMainTracker(main).optWarmUpSteps(warmup).optWarmUpBeginValue(0f).build()
                : main, quantizerLrScale);
        Optimizer weights = switch (optimiser) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(rates).optMomentum(momentum).optWeightDecays(weightDecay)
                    .build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(rates).optWeightDecays(weightDecay).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(rates).optWeightDecays(weightDecay).build();
        };
        // A method may train its quantizer parameters its own way (N2UQ: Adam, as its official code).
        Optimizer optimizer = method.quantizerOptimizer().<Optimizer>map(adam -> new GroupedOptimizer(weights,
                Optimizer.adam()
                        .optLearningRateTracker(rates.rescaledTo(adam.peakLearningRate(), learningRate))
                        .optBeta1(QuantizerAdam.BETA1).optBeta2(QuantizerAdam.BETA2).optEpsilon(QuantizerAdam.EPSILON)
                        .optWeightDecays(adam.weightDecay())
                        .build(),
                rates::isQuantizerParameter)).orElse(weights);
        return new Built(optimizer, rates);
    }

    /** The optimisation as ordered key/value pairs for a result's recipe. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", optimiser.name().toLowerCase(java.util.Locale.ROOT));
        if (optimiser == Optimiser.SGD) {
            m.put("momentum", momentum);
        }
        m.put("learning_rate", learningRate);
        m.put("schedule", "linear warm-up " + warmupEpochs + " epochs, then " + schedule.describe());
        m.put("weight_decay", weightDecay);
        m.put("quantizer_lr_scale", quantizerLrScale);
        if (clipGradNorm > 0) {
            m.put("clip_grad_norm", clipGradNorm);
        }
        return m;
    }
}
