package org.qbench.tasks;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;

/**
 * Everything one training run of a task needs besides the task itself.
 *
 * @param method the quantization method
 * @param config bit width and first/last-layer protocol
 * @param budget how much compute to spend
 * @param seed the single source of randomness for the run (init, data order)
 * @param dataDir where the user keeps data sets, if they said so; tasks fall back to their defaults
 * @param progress where progress goes
 * @param epochs training epochs instead of the budget's, if set
 * @param integerCheck a check of the trained model's integer path the caller wants run after training (the
 *     harness's parity check), if any
 * @param checkNumerics whether to run the numerics checker ({@link org.qbench.tasks.numerics.NumericsCheck})
 *     on every training step
 * @param artifacts the trained models this run saves for later cells and reads from earlier ones
 * @param deployCheck a check the caller wants run on the trained model (the harness's ONNX export), if any
 */
public record TaskContext(
        QuantMethod method, MethodConfig config, Budget budget, long seed, Optional<Path> dataDir,
        ProgressListener progress, OptionalInt epochs, Optional<IntegerCheck> integerCheck, boolean checkNumerics,
        RunArtifacts artifacts, Optional<DeployCheck> deployCheck) {

    /** Validates the context. */
    public TaskContext {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(integerCheck, "integerCheck");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(deployCheck, "deployCheck");
    }

    /** A context without a deployment check. */
    public TaskContext(
            QuantMethod method, MethodConfig config, Budget budget, long seed, Optional<Path> dataDir,
            ProgressListener progress, OptionalInt epochs, Optional<IntegerCheck> integerCheck, boolean checkNumerics,
            RunArtifacts artifacts) {
        this(method, config, budget, seed, dataDir, progress, epochs, integerCheck, checkNumerics, artifacts, Optional.empty());
    }

    /** A context that exchanges no model with other cells. */
    public TaskContext(
            QuantMethod method, MethodConfig config, Budget budget, long seed, Optional<Path> dataDir,
            ProgressListener progress, OptionalInt epochs, Optional<IntegerCheck> integerCheck, boolean checkNumerics) {
        this(method, config, budget, seed, dataDir, progress, epochs, integerCheck, checkNumerics, RunArtifacts.NONE);
    }

    /** A context with the budget's own epochs. */
    public TaskContext(
            QuantMethod method, MethodConfig config, Budget budget, long seed, Optional<Path> dataDir,
            ProgressListener progress) {
        this(method, config, budget, seed, dataDir, progress, OptionalInt.empty(), Optional.empty(), false);
    }
}
