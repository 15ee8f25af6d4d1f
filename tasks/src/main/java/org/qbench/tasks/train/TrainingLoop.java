package org.qbench.tasks.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.qbench.methods.layers.LayerInterceptor;
import org.qbench.methods.layers.QuantizedLayers;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.CostFigures;
import org.qbench.tasks.DeployCheck;
import org.qbench.tasks.DivergedException;
import org.qbench.tasks.IntegerCheck;
import org.qbench.tasks.Metric;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.RunArtifacts;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TrainingFigures;
import org.qbench.tasks.numerics.NumericsCheck;

/**
 * The one training loop of every task: a task supplies its model, batches, loss step, optimisation and
 * evaluation ({@link Plan}); the loop seeds the engine from the run's {@link SeedStreams}, initialises the model,
 * loads an earlier cell's weights when the run has an {@link RunArtifacts#INIT} input, runs one calibration forward
 * (data-initialised quantizers), trains for the plan's epochs with progress, the
 * numerics checker when asked, divergence detection, optional gradient clipping and step timing, evaluates, and
 * runs the caller's {@link IntegerCheck} when there is one, and saves the trained model when a later cell needs it.
 */
public final class TrainingLoop {

    /** Steps excluded from the mean step time: the first ones include one-off allocation and JIT. */
    static final int TIMING_WARMUP_STEPS = 10;

    private TrainingLoop() {}

    /**
     * One training batch.
     *
     * @param inputs what the model is called with
     * @param targets what the step's loss compares its output with (labels, ground-truth images)
     */
    public record Batch(NDList inputs, NDList targets) {}

    /** Where a task's training batches come from. */
    public interface Batches {

        /** Samples per batch (for the samples/s figure). */
        int batchSize();

        /** Optimiser steps per epoch (at least 1; a partial last batch is the source's business). */
        int stepsPerEpoch();

        /** The input shapes the model is initialised with. */
        Shape[] inputShapes();

        /** Called before the batches of each epoch, from 1 (shuffle here). */
        void startEpoch(int epoch);

        /** Batch {@code index} (from 0) of the current epoch, made in {@code manager}. */
        Batch batch(NDManager manager, int index);

        /** The inputs of the first batch without augmentation, for quantizers that initialise from data. */
        NDList calibration(NDManager manager);
    }

    /** The loss of one batch. A step may run the model several times (all under one gradient recording). */
    @FunctionalInterface
    public interface Step {

        /**
         * The scalar loss of a batch.
         *
         * @param forward the training-mode forward pass of the model (with the numerics checker when on)
         * @param batch the batch
         */
        NDArray loss(UnaryOperator<NDList> forward, Batch batch);

        /** One forward, the loss between its output and the batch's targets. */
        static Step supervised(Loss loss) {
            return (forward, batch) -> loss.evaluate(batch.targets(), forward.apply(batch.inputs()));
        }
    }

    /** How a task measures its trained model. */
    public interface Evaluation {

        /**
         * The task's metrics on its test data, with {@code interceptor} installed around every forward pass
         * (null: none).
         */
        List<Metric> evaluate(Block model, NDManager manager, LayerInterceptor interceptor, ProgressListener progress);

        /** The inputs of the first {@code n} test samples (for the integer check's per-layer pass). */
        NDList samples(NDManager manager, int n);
    }

    /**
     * Everything a task plugs into the loop.
     *
     * @param name the model's name
     * @param model the network, built from the method's layers, not yet initialised
     * @param batches the training batches
     * @param step the loss of one batch
     * @param loss the loss the trainer is configured with (DJL records it; the step computes the one trained on)
     * @param optimisation optimiser, schedule and clipping
     * @param epochs epochs to train
     * @param seeds the run's random streams ({@link SeedStreams#INIT} seeds the engine)
     * @param evaluation the task's metrics
     */
    public record Plan(
            String name, Block model, Batches batches, Step step, Loss loss, Optimisation optimisation, int epochs,
            SeedStreams seeds, Evaluation evaluation) {
        /** Validates presence and the epoch count. */
        public Plan {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(batches, "batches");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(loss, "loss");
            Objects.requireNonNull(optimisation, "optimisation");
            Objects.requireNonNull(seeds, "seeds");
            Objects.requireNonNull(evaluation, "evaluation");
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
        }
    }

    /**
     * What training produced.
     *
     * @param metrics the evaluation's metrics
     * @param figures how training went
     * @param cost the trained model's cost (taken while its parameters are alive)
     */
    public record Outcome(List<Metric> metrics, TrainingFigures figures, CostFigures cost) {}

    /**
     * Trains and evaluates; the model's parameters are released when this returns.
     *
     * @throws DivergedException when the loss stops being finite
     */
    public static Outcome run(Plan plan, TaskContext ctx) {
        Batches batches = plan.batches();
        int stepsPerEpoch = batches.stepsPerEpoch();
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("a training epoch needs at least one step");
        }
        Engine.getInstance().setRandomSeed(plan.seeds().engineSeed());
        Optimisation.Built optimisation = plan.optimisation().build(stepsPerEpoch, plan.epochs(), ctx.method());
        DefaultTrainingConfig config = new DefaultTrainingConfig(plan.loss())
                .optOptimizer(optimisation.optimizer())
                .optDevices(new Device[] {Device.cpu()});
        Block net = plan.model();
        try (Model model = Model.newInstance(plan.name())) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(batches.inputShapes());
                optimisation.rates().collectQuantizerParameters(net);
                // An earlier cell's trained weights (an FP model for a quantized one): before data-driven init.
                ctx.artifacts().input(RunArtifacts.INIT).ifPresent(file -> ModelArtifacts.loadMatching(net, file));
                long trainStart = System.nanoTime();
                calibrate(trainer, batches);
                // This cell's own saved model (export without retraining): after calibration, which it overwrites.
                Optional<Path> trained = ctx.artifacts().input(RunArtifacts.TRAINED);
                trained.ifPresent(file -> ModelArtifacts.loadAll(net, file));
                int epochs = trained.isPresent() ? 0 : plan.epochs();
                NumericsCheck check = ctx.checkNumerics() ? NumericsCheck.of(net) : null;
                float clip = plan.optimisation().clipGradNorm();
                long steps = 0;
                double timedNanos = 0;
                double lastEpochLoss = Double.NaN;
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    batches.startEpoch(epoch);
                    double epochLoss = 0;
                    ctx.progress().start("epoch " + epoch + "/" + plan.epochs(), stepsPerEpoch);
                    for (int b = 0; b < stepsPerEpoch; b++) {
                        long t0 = System.nanoTime();
                        double value;
                        try (NDManager scratch = trainer.getManager().newSubManager()) {
                            Batch batch = batches.batch(scratch, b);
                            if (check != null) {
                                check.at(epoch, steps + 1);
                            }
                            try (GradientCollector gc = trainer.newGradientCollector();
                                    QuantizedLayers.Scope probe = check == null ? null : QuantizedLayers.probe(check)) {
                                NDArray l = plan.step().loss(inputs -> {
                                    NDList out = trainer.forward(inputs);
                                    if (check != null) {
                                        out.forEach(check::output);
                                    }
                                    return out;
                                }, batch);
                                if (check != null) {
                                    check.loss(l);
                                }
                                value = l.getFloat();
                                if (!Double.isFinite(value)) {
                                    throw new DivergedException(epoch, steps + 1, value);
                                }
                                gc.backward(l);
                            }
                            if (check != null) {
                                check.gradients();
                            }
                            if (clip > 0) {
                                clipGradientNorm(net, scratch, clip);
                            }
                            trainer.step();
                        }
                        steps++;
                        if (steps > TIMING_WARMUP_STEPS) {
                            timedNanos += System.nanoTime() - t0;
                        }
                        epochLoss += value;
                        ctx.progress().loss(steps, value);
                        ctx.progress().step(String.format("loss %.3f", value));
                    }
                    ctx.progress().end();
                    lastEpochLoss = epochLoss / stepsPerEpoch;
                }
                double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
                long evalStart = System.nanoTime();
                List<Metric> metrics = plan.evaluation().evaluate(net, trainer.getManager(), null, ctx.progress());
                double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
                ctx.integerCheck().ifPresent(c -> integerCheck(c, net, trainer.getManager(), plan.evaluation(), metrics, ctx));
                ctx.artifacts().save().ifPresent(file -> ModelArtifacts.save(net, file));
                // Last: a deployment check may change the network (the runtime's integer biases).
                ctx.deployCheck().ifPresent(d -> d.trained(trained(net, trainer.getManager(), plan.evaluation(), metrics, ctx)));
                long timedSteps = Math.max(1, steps - TIMING_WARMUP_STEPS);
                TrainingFigures figures = new TrainingFigures(plan.epochs(), steps, trainSeconds, evalSeconds,
                        steps * batches.batchSize() / trainSeconds, timedNanos / timedSteps / 1e6, lastEpochLoss);
                return new Outcome(metrics, figures, ModelCost.of(net));
            }
        }
    }

    /**
     * One training-mode forward pass on the first batch, outside any gradient recording: quantizers that
     * initialise from data (LSQ's step sizes) do it here, before the first optimiser step.
     */
    private static void calibrate(Trainer trainer, Batches batches) {
        try (NDManager scratch = trainer.getManager().newSubManager()) {
            trainer.getModel().getBlock().forward(new ParameterStore(scratch, false), batches.calibration(scratch), true);
        }
    }

    /** What a deployment check gets: the trained network and the task's evaluation of a replacement. */
    private static DeployCheck.Trained trained(Block net, NDManager manager, Evaluation evaluation, List<Metric> simulated,
            TaskContext ctx) {
        return new DeployCheck.Trained() {
            @Override
            public Block network() {
                return net;
            }

            @Override
            public NDManager manager() {
                return manager;
            }

            @Override
            public List<Metric> simulated() {
                return simulated;
            }

            @Override
            public NDList samples(NDManager scratch, int n) {
                return evaluation.samples(scratch, n);
            }

            @Override
            public List<Metric> evaluate(Block replacement) {
                return evaluation.evaluate(replacement, manager, null, ctx.progress());
            }
        };
    }

    private static void integerCheck(IntegerCheck check, Block net, NDManager manager, Evaluation evaluation,
            List<Metric> simulated, TaskContext ctx) {
        try (NDManager scratch = manager.newSubManager();
                QuantizedLayers.Scope scope = QuantizedLayers.intercept(check.perLayer())) {
            net.forward(new ParameterStore(scratch, false), evaluation.samples(scratch, check.samples()), false);
        }
        if (check.wantsEvaluation()) {
            check.evaluated(simulated, evaluation.evaluate(net, manager, check.integer(), ctx.progress()));
        }
    }

    /**
     * Scales every gradient by {@code min(1, max / ||g||)}, {@code ||g||} the L2 norm over all of them (PyTorch's
     * {@code clip_grad_norm_}); the optimiser then steps on the clipped gradients.
     */
    static void clipGradientNorm(Block net, NDManager scratch, float max) {
        List<NDArray> grads = new ArrayList<>();
        for (var p : net.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                NDArray g = parameter.getArray().getGradient();
                g.attach(scratch);
                grads.add(g);
            }
        }
        if (grads.isEmpty()) {
            return;
        }
        NDArray squares = grads.get(0).square().sum();
        for (int i = 1; i < grads.size(); i++) {
            squares = squares.add(grads.get(i).square().sum());
        }
        double norm = Math.sqrt(squares.getFloat());
        if (norm > max) {
            NDArray factor = EngineArrays.scalar(scratch, (float) (max / (norm + 1e-6)));
            grads.forEach(g -> g.muli(factor));
        }
    }
}
