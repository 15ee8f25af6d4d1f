package org.qbench.harness.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qbench.hardware.onnx.Latency;
import org.qbench.hardware.onnx.OrtModel;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.ResultStore;
import org.qbench.tasks.DeployCheck;
import org.qbench.tasks.Metric;
import org.qbench.tasks.data.Checksums;

/**
 * The deployment of one cell, run by the task right after training ({@link DeployCheck}): exports the trained
 * network as an int8 QDQ graph where ONNX's integer ops express it, and as an FP32 graph; measures the task's metric
 * on ONNX Runtime (the int8 graph's, or the FP32 graph's for a full-precision model); times both graphs at batch 1
 * and {@value #BATCH} on one thread (and on every core at batch {@value #BATCH}) unless the int8 export was refused;
 * checks every hardware profile's deploy constraints against the quantizers; and last, with the
 * network's biases rounded to the runtime's int32 grid, measures the simulated metric again and the per-layer
 * agreement of the integer codes. {@link #record()} is what it found.
 */
public final class CellDeployment implements DeployCheck {

    /** The large batch of the latency figures. */
    public static final int BATCH = 64;

    private final Deployer deployer;
    private final String suite;
    private final RunSpec spec;
    private DeployRecord record;

    CellDeployment(Deployer deployer, String suite, RunSpec spec) {
        this.deployer = deployer;
        this.suite = suite;
        this.spec = spec;
    }

    /** What the deployment found; empty until the task ran it (a diverged run never does). */
    public Optional<DeployRecord> record() {
        return Optional.ofNullable(record);
    }

    @Override
    public void trained(Trained model) {
        Metric primary = model.simulated().get(0);
        try {
            deploy(model, primary);
        } catch (ExportRefused e) {
            // Neither graph: a block the exporter does not know (the FP32 graph needs every block too).
            record = withoutGraphs(DeployRecord.REFUSED, e.getMessage(), primary);
        } catch (RuntimeException e) {
            // The trained cell stands whatever its deployment does (the runtime rejects a graph, a task's samples do not
            // fit the exporter's single input); the record says how it failed.
            record = withoutGraphs(DeployRecord.FAILED,
                    e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString()), primary);
        }
    }

    /** The record of a cell that has no graph: its status, the reason, its simulated metric and nothing measured. */
    private DeployRecord withoutGraphs(String status, String reason, Metric primary) {
        return new DeployRecord(DeployRecord.SCHEMA, spec.runId(), suite, spec, runtime(), status, reason, 0, primary.name(),
                primary.unit(), primary.value(), null, null, null, List.of(), List.of(), List.of(), Map.of(),
                deployer.machine(), deployer.concurrentWorkers(), deployer.gitCommit());
    }

    private void deploy(Trained model, Metric primary) {
        Block net = model.network();
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray batch = model.samples(scratch, BATCH).singletonOrThrow();
            long[] shape = batch.getShape().getShape();
            long[] sample = Arrays.copyOfRange(shape, 1, shape.length);
            float[] input = batch.toFloatArray();
            String name = spec.runId();
            Map<String, String> files = new LinkedHashMap<>();
            List<DeployRecord.Timing> timings = new ArrayList<>();

            ExportedModel int8 = null;
            String refusal = null;
            try {
                int8 = OnnxExporter.export(name, net, sample, Precision.INT8);
            } catch (ExportRefused e) {
                refusal = e.getMessage();
            }
            String status = refusal != null ? DeployRecord.REFUSED
                    : int8.integerLayers() == 0 ? DeployRecord.FP32_ONLY : DeployRecord.EXPORTED;
            // The FP32 graph: the model itself for a full-precision method; for a quantized one the same network and
            // weights without activation quantization, the runtime's float baseline for latency (its metric is not the
            // model's, so it is not measured).
            ExportedModel fp32 = OnnxExporter.export(name, net, sample, Precision.FP32);
            files.put(Precision.FP32.id(), write(fp32));
            Double runtimeFp32 = status.equals(DeployRecord.FP32_ONLY) ? onRuntime(fp32, model, primary) : null;
            if (!status.equals(DeployRecord.REFUSED)) {
                timings.addAll(time(fp32, input, shape));
            }
            List<ConstraintCheck> constraints = deployer.profiles().stream()
                    .map(p -> ConstraintCheck.check(p, ConstraintCheck.facts(net))).toList();
            Double runtimeInt8 = null;
            Double integerBias = null;
            List<LayerAgreement> layers = List.of();
            if (status.equals(DeployRecord.EXPORTED)) {
                files.put(Precision.INT8.id(), write(int8));
                runtimeInt8 = onRuntime(int8, model, primary);
                timings.addAll(time(int8, input, shape));
                // Last: rounding the biases to the runtime's grid changes the trained network in place.
                ExportedModel probe = OnnxExporter.export(name, net, sample, Precision.INT8, true);
                probe.applyBiasRounding();
                integerBias = metric(model.evaluate(net), primary);
                layers = LayerAgreement.measure(net, probe, batch, scratch);
            }
            record = new DeployRecord(DeployRecord.SCHEMA, spec.runId(), suite, spec, runtime(), status, refusal,
                    int8 == null ? 0 : (int) int8.integerLayers(), primary.name(), primary.unit(), primary.value(),
                    integerBias, runtimeInt8, runtimeFp32, layers, timings, constraints, files, deployer.machine(),
                    deployer.concurrentWorkers(), deployer.gitCommit());
        }
    }

    /** The runtime and its version. */
    static String runtime() {
        return "onnxruntime " + OrtModel.runtimeVersion() + " (CPU)";
    }

    private double onRuntime(ExportedModel exported, Trained model, Metric primary) {
        try (OrtModel ort = new OrtModel(exported.onnx(), deployer.evaluationThreads())) {
            return metric(model.evaluate(new OrtBlock(ort)), primary);
        }
    }

    /** The value of the metric measured like {@code primary} (same name and subset). */
    private static double metric(List<Metric> metrics, Metric primary) {
        return metrics.stream()
                .filter(m -> m.name().equals(primary.name()) && m.subsetOrEmpty().equals(primary.subsetOrEmpty()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the runtime evaluation did not measure " + primary.name()))
                .value();
    }

    /** Batch 1 and {@value #BATCH} on one thread, and batch {@value #BATCH} on every core when there are several. */
    private List<DeployRecord.Timing> time(ExportedModel exported, float[] input, long[] shape) {
        List<DeployRecord.Timing> timings = new ArrayList<>();
        if (!deployer.timing()) {
            return timings;
        }
        int per = (int) (input.length / shape[0]);
        long[] one = shape.clone();
        one[0] = 1;
        float[] first = Arrays.copyOf(input, per);
        List<int[]> plans = new ArrayList<>(List.of(new int[] {1, 1}, new int[] {(int) shape[0], 1}));
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores > 1) {
            plans.add(new int[] {(int) shape[0], cores});
        }
        for (int[] plan : plans) {
            float[] x = plan[0] == 1 ? first : input;
            long[] s = plan[0] == 1 ? one : shape;
            try (OrtModel ort = new OrtModel(exported.onnx(), plan[1])) {
                Latency l = deployer.clock().time(() -> ort.run(x, s));
                timings.add(new DeployRecord.Timing(exported.precision().id(), plan[0], plan[1], l.meanMillis(),
                        l.errorMillis(), l.rounds(), l.callsPerRound()));
            }
        }
        return timings;
    }

    private String write(ExportedModel exported) {
        Path file = deployer.store().onnxPath(suite, spec.runId(), exported.precision().id());
        try {
            ResultStore.writeAtomically(file, exported.onnx());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exported model " + file + ": " + e.getMessage(), e);
        }
        return Checksums.sha256(exported.onnx());
    }
}
