package org.qbench.tasks.numerics;

import java.nio.file.Path;
import java.util.Optional;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.cls.ClassificationTask;

/**
 * A child process of {@link NumericsReproducibilityTest}: trains smoke-budget cells on a fixture folder and prints
 * every step's loss exactly, one {@code method bits step loss} line each ({@link Double#toHexString}). With
 * {@code --gc} it asks for a full collection after every step, so Java buffers the engine still reads are freed
 * (and, under {@code MALLOC_PERTURB_}, overwritten) at once.
 *
 * <p>Usage: {@code StepLosses DATA_DIR [--gc] METHOD:BITS...}
 */
public final class StepLosses {

    private StepLosses() {}

    /** Runs the cells named on the command line. */
    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        boolean gc = args[1].equals("--gc");
        for (int i = gc ? 2 : 1; i < args.length; i++) {
            String[] cell = args[i].split(":");
            int bits = Integer.parseInt(cell[1]);
            ProgressListener print = new ProgressListener() {
                @Override
                public void loss(long step, double value) {
                    System.out.println(cell[0] + " " + bits + " " + step + " " + Double.toHexString(value));
                    if (gc) {
                        System.gc();
                    }
                }
            };
            TaskContext ctx = new TaskContext(Methods.builtIn().get(cell[0]), new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT),
                    Budget.SMOKE, 1, Optional.of(data), print);
            ClassificationTask.fashionMnist().run(ctx);
        }
    }
}
