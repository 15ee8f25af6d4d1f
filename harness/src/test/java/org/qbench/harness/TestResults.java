package org.qbench.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.Provenance;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostFigures;
import org.qbench.tasks.Metric;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.TrainingFigures;

/** Hand-made results and outcomes for harness tests. */
public final class TestResults {

    private TestResults() {}

    /** The departures a run of the method records, as the runner writes them. */
    public static List<String> departures(String method) {
        return org.qbench.methods.Methods.builtIn().find(method).map(m -> m.departures()).orElse(List.of());
    }

    /** A fixed provenance, so generated files do not depend on the machine. */
    public static Provenance provenance(String suite, long seed) {
        return new Provenance("0123456789abcdef0123456789abcdef01234567", false, "test", suite, "17", "vendor", "Linux 6",
                "amd64", "0.36.0", "PyTorch 2.7.1", "cpu", 2, "2", "host", "fashion-mnist",
                Map.of("train-images-idx3-ubyte.gz", "00"), seed, "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 500.0);
    }

    /** A task outcome with one top-1 metric. */
    public static TaskOutcome outcome(double top1) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("epochs", 1);
        recipe.put("model", "resnet-8");
        return new TaskOutcome(List.of(new Metric("top1", top1, "%", true)),
                new TrainingFigures(1, 10, 2.0, 0.5, 640.0, 12.5, 0.7), new CostFigures(100, 3200, 1000, 1_024_000),
                recipe, "fashion-mnist", Map.of("train-images-idx3-ubyte.gz", "00"));
    }

    /** An ok result of the lsq-cls suite on the quick budget. */
    public static RunResult ok(String method, int bits, long seed, double top1) {
        return ok("lsq-cls", method, bits, seed, top1);
    }

    /** An ok result of the given suite on the quick budget. */
    public static RunResult ok(String suite, String method, int bits, long seed, double top1) {
        RunSpec spec = RunSpec.of("cls-fmnist", method, bits, seed, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        TaskOutcome o = outcome(top1);
        return new RunResult(RunResult.SCHEMA, spec.runId(), spec, RunResult.OK, null, o.metrics(), o.training(), o.cost(),
                o.recipe(), departures(method), provenance(suite, seed), null, null);
    }

    /** An ok result of a given spec in the given suite. */
    public static RunResult ok(String suite, RunSpec spec, double top1) {
        TaskOutcome o = outcome(top1);
        return new RunResult(RunResult.SCHEMA, spec.runId(), spec, RunResult.OK, null, o.metrics(), o.training(), o.cost(),
                o.recipe(), departures(spec.method()), provenance(suite, spec.seed()), null, null);
    }

    /** A failed result of the given suite on the quick budget, with its numerics record. */
    public static RunResult failed(String suite, String method, int bits, long seed,
            org.qbench.tasks.numerics.NumericsReport numerics) {
        RunSpec spec = RunSpec.of("cls-fmnist", method, bits, seed, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        return new RunResult(RunResult.SCHEMA, spec.runId(), spec, RunResult.FAILED, "diverged", List.of(), null, null,
                null, departures(method), provenance(suite, seed), null, numerics);
    }

    /** A failed result of the lsq-cls suite on the quick budget. */
    public static RunResult failed(String method, int bits, long seed) {
        RunSpec spec = RunSpec.of("cls-fmnist", method, bits, seed, Budget.QUICK, FirstLastPrecision.EIGHT_BIT);
        return new RunResult(RunResult.SCHEMA, spec.runId(), spec, RunResult.FAILED, "diverged: loss became NaN at epoch 1, step 3",
                List.of(), null, null, null, departures(method), provenance("lsq-cls", seed), null, null);
    }
}
