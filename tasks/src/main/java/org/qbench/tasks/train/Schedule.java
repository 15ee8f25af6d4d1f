package org.qbench.tasks.train;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * A learning-rate schedule of a recipe, before warm-up: the shape the main rate follows over the steps after
 * warm-up. Every schedule decays towards 0 or by fixed factors; the warm-up ({@link Optimisation#warmupEpochs})
 * is applied on top.
 */
public sealed interface Schedule {

    /** The tracker for a run of {@code steps} post-warm-up steps of {@code stepsPerEpoch} each, peaking at {@code peak}. */
    Tracker tracker(float peak, int steps, int stepsPerEpoch);

    /** One line for the result's recipe. */
    String describe();

    /** Cosine decay from the peak to 0 over the whole run (Loshchilov and Hutter's SGDR without restarts). */
    record Cosine() implements Schedule {
        @Override
        public Tracker tracker(float peak, int steps, int stepsPerEpoch) {
            return CosineTracker.builder().setBaseValue(peak).optFinalValue(0f).setMaxUpdates(Math.max(1, steps)).build();
        }

        @Override
        public String describe() {
            return "cosine to 0";
        }
    }

    /**
     * Step decay: the rate is multiplied by {@code gamma} at each milestone epoch (counted from the end of warm-up),
     * as EDSR's and BasicSR's MultiStepLR.
     *
     * @param milestones epochs at which the rate drops, strictly increasing
     * @param gamma the factor, in (0, 1)
     */
    record Step(List<Integer> milestones, float gamma) implements Schedule {
        /** Validates the milestones and factor. */
        public Step {
            milestones = List.copyOf(milestones);
            if (milestones.isEmpty()) {
                throw new IllegalArgumentException("a step schedule needs at least one milestone");
            }
            for (int i = 0; i < milestones.size(); i++) {
                if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
                    throw new IllegalArgumentException("step milestones must be positive and increasing, got " + milestones);
                }
            }
            if (!(gamma > 0 && gamma < 1)) {
                throw new IllegalArgumentException("step gamma must be in (0, 1), got " + gamma);
            }
        }

        @Override
        public Tracker tracker(float peak, int steps, int stepsPerEpoch) {
            // A pure function of the update count (DJL's MultiFactorTracker keeps state and assumes one caller).
            int[] at = milestones.stream().mapToInt(e -> e * stepsPerEpoch).toArray();
            return numUpdate -> {
                float v = peak;
                for (int a : at) {
                    if (numUpdate >= a) {
                        v *= gamma;
                    }
                }
                return v;
            };
        }

        @Override
        public String describe() {
            return "x" + gamma + " at epochs " + milestones;
        }
    }

    /**
     * Cosine decay to 0 restarted every {@code periodEpochs} (SGDR with a constant period, T_mult = 1).
     *
     * @param periodEpochs epochs per cycle
     */
    record CosineRestarts(int periodEpochs) implements Schedule {
        /** Validates the period. */
        public CosineRestarts {
            if (periodEpochs < 1) {
                throw new IllegalArgumentException("a restart period must be at least 1 epoch, got " + periodEpochs);
            }
        }

        @Override
        public Tracker tracker(float peak, int steps, int stepsPerEpoch) {
            int period = Math.max(1, periodEpochs * stepsPerEpoch);
            return numUpdate -> {
                int t = numUpdate % period;
                return (float) (peak * (1 + Math.cos(Math.PI * t / period)) / 2);
            };
        }

        @Override
        public String describe() {
            return "cosine to 0, restarted every " + periodEpochs + " epochs";
        }
    }
}
