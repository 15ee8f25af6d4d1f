package org.qbench.harness.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.qbench.harness.deploy.ConstraintCheck;
import org.qbench.harness.deploy.DeployRecord;
import org.qbench.harness.deploy.DeployRecords;
import org.qbench.harness.deploy.LayerAgreement;
import org.qbench.harness.deploy.Precision;
import org.qbench.harness.results.ResultStore;

/**
 * A suite's deployment table, {@code <suite>_deploy.{csv,md,tex}}, one row per deployed cell (its deploy record):
 * whether ONNX Runtime's integer kernels take it (or why not), its metric simulated, simulated with the runtime's
 * int32 biases and measured on the runtime (int8 and FP32 graphs), how many integer codes agree layer by layer, the
 * latency of both graphs at batch 1 and 64 on one thread, and which hardware profiles' deploy constraints its
 * quantizers meet. Every number is measured here; none is reported by a paper.
 */
public final class DeployTable {

    private DeployTable() {}

    /** Writes the tables of every suite with deploy records in {@code store}; returns the files. */
    public static List<Path> writeAll(ResultStore store, Path outDir) {
        List<Path> files = new ArrayList<>();
        Path root = store.root();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (var suites = Files.list(root)) {
            for (Path suite : suites.filter(Files::isDirectory).sorted().toList()) {
                List<DeployRecord> records = DeployRecords.readAll(store, suite.getFileName().toString());
                if (!records.isEmpty()) {
                    files.addAll(write(suite.getFileName().toString(), records, outDir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** Writes one suite's table. */
    static List<Path> write(String suite, List<DeployRecord> records, Path outDir) throws IOException {
        Set<String> present = records.stream().map(r -> r.spec().variant()).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> order = TableWriter.methodOrder(present);
        List<DeployRecord> rows = new ArrayList<>(records);
        rows.sort(Comparator.<DeployRecord>comparingInt(r -> order.indexOf(r.spec().variant()))
                .thenComparing(r -> r.spec().task())
                .thenComparing(r -> r.spec().budget())
                .thenComparingInt(r -> -r.spec().bits())
                .thenComparingLong(r -> r.spec().seed()));
        List<String> profiles = records.stream().flatMap(r -> r.constraints().stream().map(ConstraintCheck::profile))
                .distinct().toList();
        List<List<String>> md = new ArrayList<>();
        for (DeployRecord r : rows) {
            Optional<DeployRecord.Timing> i1 = r.timing(Precision.INT8, 1, 1);
            Optional<DeployRecord.Timing> f1 = r.timing(Precision.FP32, 1, 1);
            Optional<DeployRecord.Timing> i64 = r.timing(Precision.INT8, 64, 1);
            Optional<DeployRecord.Timing> f64 = r.timing(Precision.FP32, 64, 1);
            md.add(List.of(label(r), deployable(r), num(r.simulated()), num(r.simulatedIntegerBias()), num(r.runtimeInt8()),
                    r.runtimeInt8() == null ? "—" : signed(r.runtimeInt8() - r.simulated()), num(r.runtimeFp32()),
                    agreement(r.layers()), ms(i1), ms(f1), ms(i64), ms(f64), speedup(f64, i64), fits(r)));
        }
        List<TextTable.Column> columns = List.of(
                col("int8 on ort-cpu"), col("simulated"), col("sim., int32 bias"), col("ORT int8"), col("Δ ORT − sim."),
                col("ORT FP32 graph"), col("codes exact (max LSB)"), col("int8 ms b1"), col("FP32 ms b1"),
                col("int8 ms b64"), col("FP32 ms b64"), col("int8 speed-up b64"), col("profile constraints"));
        Set<String> machines = new LinkedHashSet<>();
        Set<String> runtimes = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        int beside = 1;
        for (DeployRecord r : records) {
            machines.add(r.machine());
            runtimes.add(r.runtime());
            metrics.add(r.metric() + (r.unit() == null || r.unit().isEmpty() ? "" : " (" + r.unit() + ")"));
            beside = Math.max(beside, r.concurrentWorkers());
        }
        List<String> notes = new ArrayList<>(List.of(
                "Every number here is measured by qbench (" + String.join(", ", runtimes) + ", on " + String.join(", ", machines)
                        + "); none is a paper's.",
                "",
                "- **int8 on ort-cpu**: yes when the trained model exports to ONNX in QDQ form (QuantizeLinear/DequantizeLinear "
                        + "around each quantized conv and linear layer, batch norm folded into the weight scales, widths below 8 "
                        + "in 8-bit containers with a Clip); otherwise the reason ONNX's integer ops cannot express it. fp32 only: "
                        + "a full-precision model.",
                "- **metric** (" + String.join(", ", metrics) + "): simulated is the fake-quant model's, as in its result; "
                        + "sim., int32 bias is the same model with its biases rounded to the int32 grid the runtime's integer "
                        + "convolutions take (QLinearConv has no float bias); ORT int8 and ORT FP32 graph are measured on ONNX "
                        + "Runtime; ORT FP32 graph is measured for full-precision models only (a quantized model's FP32 graph keeps "
                        + "its weights but not its activation quantization: the runtime's float baseline for latency, not the "
                        + "model).",
                "- **codes exact**: on one batch of 64 test inputs, the share of every quantized layer's input codes on the "
                        + "runtime that equal the simulation's (with int32 biases), and the largest difference in LSBs.",
                "- **latency**: mean ms per call of the whole graph, one thread, batch 1 and 64 (warm-up, then 10 rounds of "
                        + "~200 ms; the error is in the records); speed-up is FP32 / int8 at batch 64."
                        + (beside > 1 ? " Some timings ran beside " + (beside - 1) + " other worker process(es) of their grid "
                                + "(concurrent_workers in the records): rerun `qbench export --run ID` for a quiet timing." : ""),
                "- **profile constraints**: each hardware profile's deploy constraints (bit widths, granularity, zero "
                        + "points, power-of-two scales) checked against the trained quantizers; the CSV names every profile and "
                        + "what breaks it. They say nothing of a grid's shape, so a model may meet every profile's and still be "
                        + "refused by ONNX (DoReFa's odd 8-bit weight levels); and a grid narrower than a profile's widths may "
                        + "still run in its 8-bit containers (the int8 column), which the constraint reports as a width the "
                        + "profile does not take.",
                "",
                "- suite: `" + suite + "`; records: `<results>/" + suite + "/deploy/*.json`; graphs: `<results>/" + suite
                        + "/onnx/` (not committed; `qbench export --run ID` remakes them)."));
        TextTable text = new TextTable(suite + ": deployment on ONNX Runtime (measured)", "cell", columns, md, 0, notes);
        String csv = TableWriter.csv(p -> {
            List<Object> header = new ArrayList<>(List.of("suite", "run_id", "task", "budget", "method", "bits", "seed",
                    "first_last", "status", "refusal", "integer_layers", "metric", "unit", "simulated",
                    "simulated_int32_bias", "runtime_int8", "runtime_fp32", "codes_compared", "codes_differing", "max_lsb"));
            for (Precision pr : Precision.values()) {
                for (int[] bt : new int[][] {{1, 1}, {64, 1}}) {
                    String k = pr.id() + "_b" + bt[0] + "_t" + bt[1];
                    header.add(k + "_ms");
                    header.add(k + "_err_ms");
                }
            }
            header.addAll(List.of("machine", "runtime", "concurrent_workers"));
            profiles.forEach(pid -> header.add("constraints_" + pid));
            header.add("source");
            p.printRecord(header);
            for (DeployRecord r : rows) {
                LayerAgreement all = LayerAgreement.total(r.layers());
                List<Object> row = new ArrayList<>(List.of(suite, r.runId(), r.spec().task(), r.spec().budget(), r.spec().variant(),
                        r.spec().bits(), r.spec().seed(), r.spec().firstLast(), r.status(), r.refusal() == null ? "" : r.refusal(),
                        r.integerLayers(), r.metric(), r.unit() == null ? "" : r.unit(), raw(r.simulated()),
                        raw(r.simulatedIntegerBias()), raw(r.runtimeInt8()), raw(r.runtimeFp32()),
                        r.layers().isEmpty() ? "" : all.values(), r.layers().isEmpty() ? "" : all.differing(),
                        r.layers().isEmpty() ? "" : all.maxLsb()));
                for (Precision pr : Precision.values()) {
                    for (int[] bt : new int[][] {{1, 1}, {64, 1}}) {
                        Optional<DeployRecord.Timing> t = r.timing(pr, bt[0], bt[1]);
                        row.add(t.map(x -> TableWriter.num(x.meanMillis(), 4)).orElse(""));
                        row.add(t.map(x -> TableWriter.num(x.errorMillis(), 4)).orElse(""));
                    }
                }
                row.addAll(List.of(r.machine(), r.runtime(), r.concurrentWorkers()));
                Map<String, ConstraintCheck> byProfile = new TreeMap<>();
                r.constraints().forEach(c -> byProfile.put(c.profile(), c));
                profiles.forEach(pid -> row.add(Optional.ofNullable(byProfile.get(pid))
                        .map(c -> c.fits() ? "ok" : String.join("; ", c.violations())).orElse("")));
                row.add(TableWriter.MEASURED);
                p.printRecord(row);
            }
        });
        String base = suite + "_deploy";
        Files.createDirectories(outDir);
        return List.of(TableWriter.write(outDir.resolve(base + ".csv"), csv),
                TableWriter.write(outDir.resolve(base + ".md"), text.markdown()),
                TableWriter.write(outDir.resolve(base + ".tex"), text.latex()));
    }

    private static TextTable.Column col(String name) {
        return new TextTable.Column("", name, name);
    }

    private static String label(DeployRecord r) {
        String width = r.spec().bits() >= 32 ? "FP32" : "W" + r.spec().bits() + "A" + r.spec().activationBitsOrBits();
        return r.spec().variant() + " " + width + " (" + r.spec().task() + ", " + r.spec().budget() + ", seed " + r.spec().seed() + ")";
    }

    private static String deployable(DeployRecord r) {
        return switch (r.status()) {
            case DeployRecord.EXPORTED -> r.spec().bits() < 8 || r.spec().activationBitsOrBits() < 8
                    ? "yes, in 8-bit containers (" + r.integerLayers() + " integer layers)"
                    : "yes (" + r.integerLayers() + " integer layers)";
            case DeployRecord.FP32_ONLY -> "fp32 only";
            case DeployRecord.FAILED -> "failed: " + TextTable.escape(r.refusal());
            default -> "no: " + TextTable.escape(firstReason(r.refusal()));
        };
    }

    /** The first reason of a refusal, without its layer list (the CSV has it whole). */
    static String firstReason(String refusal) {
        String first = refusal.split("; ")[0];
        int layers = first.lastIndexOf(" (");
        return layers > 0 && first.substring(layers).matches(" \\(\\d+ layers?: .*") ? first.substring(0, layers) : first;
    }

    private static String agreement(List<LayerAgreement> layers) {
        if (layers.isEmpty()) {
            return "—";
        }
        LayerAgreement all = LayerAgreement.total(layers);
        return TableWriter.num(100.0 * all.exactFraction(), 3) + " % (" + all.maxLsb() + ")";
    }

    private static String fits(DeployRecord r) {
        List<String> broken = r.constraints().stream().filter(c -> !c.fits()).map(ConstraintCheck::profile).toList();
        if (r.constraints().isEmpty()) {
            return "—";
        }
        return broken.isEmpty() ? "all " + r.constraints().size() + " profiles" : "breaks " + String.join(", ", broken);
    }

    private static String ms(Optional<DeployRecord.Timing> t) {
        return t.map(x -> TableWriter.num(x.meanMillis(), x.meanMillis() < 1 ? 3 : 2)).orElse("—");
    }

    private static String speedup(Optional<DeployRecord.Timing> fp32, Optional<DeployRecord.Timing> int8) {
        return fp32.isPresent() && int8.isPresent()
                ? String.format(Locale.ROOT, "%.2f×", fp32.get().meanMillis() / int8.get().meanMillis()) : "—";
    }

    private static String num(Double v) {
        return v == null ? "—" : TableWriter.num(v, 2);
    }

    private static String raw(Double v) {
        return v == null ? "" : TableWriter.num(v, 4);
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "−") + TableWriter.num(Math.abs(v), 2);
    }
}
