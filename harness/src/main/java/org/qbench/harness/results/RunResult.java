package org.qbench.harness.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.qbench.harness.grid.RunSpec;
import org.qbench.tasks.CostFigures;
import org.qbench.tasks.Metric;
import org.qbench.tasks.TrainingFigures;

/**
 * The result of one run, as stored in {@code <results>/<suite>/<runId>.json}.
 *
 * @param schema result format version ({@value #SCHEMA})
 * @param runId the spec's id
 * @param spec what was configured
 * @param status {@code ok} or {@code failed}
 * @param failure why a failed run failed (null when ok)
 * @param metrics measured metrics, with units (empty when failed)
 * @param training training figures (null when failed)
 * @param cost cost figures (null when failed)
 * @param recipe the concrete recipe the budget resolved to
 * @param methodDepartures where the method departs from its paper, as it declared at run time
 * @param provenance what was observed
 * @param parity the simulated-vs-integer parity check, when the run was asked for one (else absent)
 * @param numerics whether the numerics checker ran and, for a failed run, where its first non-finite value came
 *     from (quantizer, loss, engine, or unknown without the checker); absent for a finished run without the checker
 */
public record RunResult(
        int schema, String runId, RunSpec spec, String status, String failure, List<Metric> metrics,
        TrainingFigures training, CostFigures cost, Map<String, Object> recipe, List<String> methodDepartures,
        Provenance provenance, @JsonInclude(JsonInclude.Include.NON_NULL) org.qbench.harness.parity.Parity parity,
        @JsonInclude(JsonInclude.Include.NON_NULL) org.qbench.tasks.numerics.NumericsReport numerics) {

    /** The result format this code writes and reads. */
    public static final int SCHEMA = 1;
    /** Status of a run that finished and produced metrics. */
    public static final String OK = "ok";
    /** Status of a run that diverged or crashed; the grid goes on. */
    public static final String FAILED = "failed";

    /** Validates the result's shape. */
    public RunResult {
        if (schema != SCHEMA) {
            throw new IllegalArgumentException("result schema " + schema + " is not supported (expected " + SCHEMA + ")");
        }
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(provenance, "provenance");
        if (!OK.equals(status) && !FAILED.equals(status)) {
            throw new IllegalArgumentException("status must be 'ok' or 'failed', got '" + status + "'");
        }
        if (!spec.runId().equals(runId)) {
            throw new IllegalArgumentException("run_id " + runId + " does not match its spec (expected " + spec.runId() + ")");
        }
        if (OK.equals(status) && (metrics == null || metrics.isEmpty())) {
            throw new IllegalArgumentException("an ok result needs metrics");
        }
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        methodDepartures = methodDepartures == null ? List.of() : List.copyOf(methodDepartures);
    }

    /** Whether the run finished with metrics. */
    public boolean ok() {
        return OK.equals(status);
    }

    /** The metric with this name, if measured. */
    public java.util.Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Whether {@code other} measured the same values: the same metrics, in order, by name, subset and value. A metric's
     * presentation (decimals, tolerance), which newer versions record and older results lack, does not count.
     */
    public boolean sameValues(RunResult other) {
        if (metrics.size() != other.metrics.size()) {
            return false;
        }
        for (int i = 0; i < metrics.size(); i++) {
            Metric a = metrics.get(i);
            Metric b = other.metrics.get(i);
            if (!a.name().equals(b.name()) || !a.subsetOrEmpty().equals(b.subsetOrEmpty())
                    || Double.compare(a.value(), b.value()) != 0) {
                return false;
            }
        }
        return true;
    }
}
