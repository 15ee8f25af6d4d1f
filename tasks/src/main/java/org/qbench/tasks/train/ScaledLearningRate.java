package org.qbench.tasks.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.HashSet;
import java.util.Set;
import org.qbench.methods.quant.Quantizer;

/**
 * A learning-rate schedule that gives quantizer parameters (step sizes, thresholds, scales) a fixed fraction
 * of the weights' rate. DJL's optimisers ask for a rate per parameter id; the ids of quantizer parameters are
 * collected from the model once it is initialised ({@link #collectQuantizerParameters}).
 */
public final class ScaledLearningRate implements ParameterTracker {

    private final Tracker main;
    private final float quantizerScale;
    private final Set<String> quantizerParameterIds = new HashSet<>();

    /**
     * A schedule.
     *
     * @param main the weights' schedule
     * @param quantizerScale the factor applied to quantizer parameters
     */
    public ScaledLearningRate(Tracker main, float quantizerScale) {
        this.main = main;
        this.quantizerScale = quantizerScale;
    }

    /** Records the ids of every parameter that belongs to a {@link Quantizer} in the model. */
    public void collectQuantizerParameters(Block model) {
        if (model instanceof Quantizer) {
            for (var p : model.getParameters()) {
                Parameter parameter = p.getValue();
                quantizerParameterIds.add(parameter.getId());
            }
            return;
        }
        for (var child : model.getChildren()) {
            collectQuantizerParameters(child.getValue());
        }
    }

    /** How many quantizer parameters were found. */
    public int quantizerParameterCount() {
        return quantizerParameterIds.size();
    }

    /** Whether the parameter with this id belongs to a quantizer. */
    public boolean isQuantizerParameter(String parameterId) {
        return quantizerParameterIds.contains(parameterId);
    }

    /** The weights' rate at update {@code numUpdate}, scaled so that the schedule's peak becomes {@code peak}. */
    public ParameterTracker rescaledTo(float peak, float mainPeak) {
        float factor = peak / mainPeak;
        return (parameterId, numUpdate) -> main.getNewValue(numUpdate) * factor;
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        float lr = main.getNewValue(numUpdate);
        return quantizerParameterIds.contains(parameterId) ? lr * quantizerScale : lr;
    }
}
