package org.qbench.harness.deploy;

import java.util.List;
import java.util.Map;
import org.qbench.harness.grid.RunSpec;

/**
 * What deploying one trained cell on ONNX Runtime gave: whether it exported (or why not), its metric simulated and
 * on the runtime, the per-layer agreement of integer codes, latency int8 vs FP32, and the hardware profiles' deploy
 * constraints checked against its quantizers. Written as {@code <suite>/deploy/<runId>.json} beside the result.
 *
 * @param schema the record's format version ({@value #SCHEMA})
 * @param runId the cell's run id
 * @param suite the suite it belongs to
 * @param spec the cell
 * @param runtime the runtime and its version, e.g. {@code onnxruntime 1.23.2 (CPU)}
 * @param status {@value #EXPORTED} (int8 and FP32 graphs), {@value #FP32_ONLY} (a full-precision model: no integer
 *     layer to export), {@value #REFUSED} (the int8 graph was refused; the FP32 one was still exported unless some
 *     block has no ONNX form) or {@value #FAILED} (the runtime failed; the error is in {@code refusal})
 * @param refusal why the int8 export was refused, or how it failed (one line), or null
 * @param integerLayers quantized layers whose input and weights run as integers on the runtime
 * @param metric the task's primary metric's name
 * @param unit its unit
 * @param simulated the metric of the simulated (fake-quant) model, as in the result
 * @param simulatedIntegerBias the simulated model with its biases rounded to the runtime's int32 grid (null: not
 *     exported as int8)
 * @param runtimeInt8 the metric of the int8 export on the runtime (null: refused)
 * @param runtimeFp32 the metric of the FP32 graph on the runtime, for a full-precision model (null otherwise: a
 *     quantized model's FP32 graph lacks its activation quantization, so its metric is not the model's)
 * @param layers per quantized layer, the runtime's input codes vs the simulation's (with integer biases), on a batch
 * @param latency timings, per precision, batch and thread count
 * @param constraints each hardware profile's deploy constraints against the model's quantizers
 * @param files SHA-256 of each exported graph, by precision
 * @param machine the CPU the timings ran on
 * @param concurrentWorkers worker processes running beside this one when it was timed (1: alone)
 * @param gitCommit the qbench commit
 */
public record DeployRecord(int schema, String runId, String suite, RunSpec spec, String runtime, String status,
        String refusal, int integerLayers, String metric, String unit, double simulated, Double simulatedIntegerBias,
        Double runtimeInt8, Double runtimeFp32, List<LayerAgreement> layers, List<Timing> latency,
        List<ConstraintCheck> constraints, Map<String, String> files, String machine, int concurrentWorkers,
        String gitCommit) {

    /** The format version this code writes. */
    public static final int SCHEMA = 1;
    /** Status: the int8 graph was exported and measured. */
    public static final String EXPORTED = "exported";
    /** Status: a full-precision model; only the FP32 graph exists. */
    public static final String FP32_ONLY = "fp32-only";
    /** Status: the int8 export was refused (the FP32 graph still was, unless a block has no ONNX form at all). */
    public static final String REFUSED = "refused";
    /** Status: exporting or running failed (the runtime rejected the graph); {@code refusal} holds the error. */
    public static final String FAILED = "failed";

    /** Checks the fields a table reads and copies the lists. */
    public DeployRecord {
        if (schema < 1 || schema > SCHEMA) {
            throw new IllegalArgumentException("unsupported deploy record schema " + schema + " (this qbench reads 1.." + SCHEMA + ")");
        }
        if (runId == null || suite == null || spec == null || status == null || metric == null) {
            throw new IllegalArgumentException("a deploy record needs run_id, suite, spec, status and metric");
        }
        if (!List.of(EXPORTED, FP32_ONLY, REFUSED, FAILED).contains(status)) {
            throw new IllegalArgumentException("status must be one of " + List.of(EXPORTED, FP32_ONLY, REFUSED, FAILED) + ", got "
                    + status);
        }
        layers = layers == null ? List.of() : List.copyOf(layers);
        latency = latency == null ? List.of() : List.copyOf(latency);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** The timing of {@code precision} at {@code batch} on {@code threads} threads, if measured. */
    public java.util.Optional<Timing> timing(Precision precision, int batch, int threads) {
        return latency.stream().filter(t -> t.precision().equals(precision.id()) && t.batch() == batch && t.threads() == threads)
                .findFirst();
    }

    /**
     * One latency measurement.
     *
     * @param precision {@code int8} or {@code fp32}
     * @param batch samples per call
     * @param threads intra-op threads
     * @param meanMillis mean milliseconds per call
     * @param errorMillis half-width of its 99.9 % confidence interval
     * @param rounds timed rounds
     * @param callsPerRound calls per round
     */
    public record Timing(String precision, int batch, int threads, double meanMillis, double errorMillis, int rounds,
            int callsPerRound) {}
}
