package org.qbench.tasks;

/**
 * How a training run went, measured by the run itself.
 *
 * @param epochs epochs trained
 * @param steps optimiser steps taken
 * @param trainSeconds wall time of training (data-dependent init included, evaluation excluded)
 * @param evalSeconds wall time of evaluation
 * @param samplesPerSecond training samples processed per second
 * @param meanStepMillis mean wall time of one training step (forward, backward, update)
 * @param finalLoss mean training loss over the last epoch
 */
public record TrainingFigures(
        int epochs, long steps, double trainSeconds, double evalSeconds, double samplesPerSecond,
        double meanStepMillis, double finalLoss) {}
