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
 * @param parity whether to run the simulated-vs-integer parity check after training (tasks that can)
 * @param checkNumerics whether to run the numerics checker ({@link org.qbench.tasks.numerics.NumericsCheck})
 *     on every training step
 */
public record TaskContext(
        QuantMethod method, MethodConfig config, Budget budget, long seed, Optional<Path> dataDir,
        ProgressListener progress, OptionalInt epochs, boolean parity, boolean checkNumerics) {

    /** Validates the context. */
    public TaskContext {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(epochs, "epochs");
    }

    /** A context with the budget's own epochs. */
    public TaskContext(
            QuantMethod method, MethodConfig config, Budget budget, long seed, Optional<Path> dataDir,
            ProgressListener progress) {
        this(method, config, budget, seed, dataDir, progress, OptionalInt.empty(), false, false);
    }
}
