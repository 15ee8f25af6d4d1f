package org.qbench.tasks.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.function.Predicate;

/**
 * Two optimisers behind one: parameters the predicate picks (a method's quantizer parameters) go to one, the
 * rest to the other. DJL's trainer takes a single optimiser; this lets a method train its quantizer parameters
 * its own way ({@link org.qbench.methods.QuantMethod#quantizerOptimizer()}) while the weights follow the recipe.
 * Each optimiser keeps its own state and update counts.
 */
public final class GroupedOptimizer extends Optimizer {

    private final Optimizer main;
    private final Optimizer picked;
    private final Predicate<String> picks;

    /**
     * @param main the optimiser of every parameter not picked
     * @param picked the optimiser of the picked parameters
     * @param picks which parameter ids go to {@code picked}
     */
    public GroupedOptimizer(Optimizer main, Optimizer picked, Predicate<String> picks) {
        super(new Builder());
        this.main = main;
        this.picked = picked;
        this.picks = picks;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        (picks.test(parameterId) ? picked : main).update(parameterId, weight, grad);
    }

    /** The base class's settings are unused: each inner optimiser has its own. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
