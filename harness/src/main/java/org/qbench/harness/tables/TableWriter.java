package org.qbench.harness.tables;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;

/**
 * Writes one measured table per (suite, task, budget, first/last protocol) found in a set of results:
 * {@code <suite>_<task>_<budget>.csv} (tidy: one row per method, bits and metric) and {@code .md} (method x
 * bits, {@code mean ± std (n)}), with a footer naming the data set, budget, protocol and commits.
 */
public final class TableWriter {

    private static final String MEASURED = "measured (qbench)";

    private TableWriter() {}

    /** The key results are grouped into tables by. */
    private record TableKey(String suite, String task, String budget, String firstLast) {
        String fileBase() {
            String base = suite + "_" + task + "_" + budget;
            return "8bit".equals(firstLast) ? base : base + "_firstlast-" + firstLast;
        }
    }

    /**
     * Writes the tables and returns the paths written, in order.
     *
     * @param results the results to tabulate (any order: output does not depend on it)
     * @param outDir the folder to write into (created if needed)
     */
    public static List<Path> write(List<RunResult> results, Path outDir) {
        Map<TableKey, List<RunResult>> groups = new TreeMap<>(java.util.Comparator.comparing(TableKey::fileBase));
        for (RunResult r : results) {
            TableKey key = new TableKey(r.provenance().suite(), r.spec().task(), r.spec().budget(), r.spec().firstLast());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            for (var entry : groups.entrySet()) {
                Table table = Table.of(entry.getKey(), entry.getValue());
                Path csv = outDir.resolve(entry.getKey().fileBase() + ".csv");
                Path md = outDir.resolve(entry.getKey().fileBase() + ".md");
                Files.writeString(csv, table.csv(), StandardCharsets.UTF_8);
                Files.writeString(md, table.markdown(), StandardCharsets.UTF_8);
                written.add(csv);
                written.add(md);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tables under " + outDir, e);
        }
        return written;
    }

    /** One table's content, independent of the order results were read in. */
    private record Table(
            TableKey key, String dataset, String unit, String metric,
            Map<String, Map<Integer, CellStats>> cells, List<String> commits) {

        static Table of(TableKey key, List<RunResult> runs) {
            // Deterministic order: methods as registered, then bits ascending.
            Map<String, Map<Integer, List<Double>>> values = new LinkedHashMap<>();
            Map<String, Map<Integer, Integer>> failures = new LinkedHashMap<>();
            String metric = "top1";
            String unit = "%";
            for (RunResult r : runs) {
                values.computeIfAbsent(r.spec().method(), m -> new TreeMap<>()).computeIfAbsent(r.spec().bits(), b -> new ArrayList<>());
                if (r.ok()) {
                    var m = r.metrics().get(0);
                    metric = m.name();
                    unit = m.unit();
                    values.get(r.spec().method()).get(r.spec().bits()).add(r.metric(metric).orElseThrow().value());
                } else {
                    failures.computeIfAbsent(r.spec().method(), x -> new TreeMap<>()).merge(r.spec().bits(), 1, Integer::sum);
                }
            }
            Map<String, Map<Integer, CellStats>> cells = new LinkedHashMap<>();
            for (QuantMethod method : Methods.builtIn().all()) {
                Map<Integer, List<Double>> byBits = values.get(method.id());
                if (byBits == null) {
                    continue;
                }
                Map<Integer, CellStats> row = new TreeMap<>();
                byBits.forEach((bits, v) -> {
                    List<Double> sorted = v.stream().sorted().toList(); // summation order fixed
                    row.put(bits, CellStats.of(sorted, failures.getOrDefault(method.id(), Map.of()).getOrDefault(bits, 0)));
                });
                cells.put(method.id(), row);
            }
            String dataset = runs.stream().map(r -> r.provenance().dataset()).filter(Objects::nonNull).findFirst().orElse("?");
            List<String> commits = runs.stream()
                    .map(r -> shortCommit(r.provenance().gitCommit()) + (r.provenance().gitDirty() ? "+dirty" : ""))
                    .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
            return new Table(key, dataset, unit, metric, cells, commits);
        }

        private static String shortCommit(String c) {
            return c.length() > 12 ? c.substring(0, 12) : c;
        }

        private TreeSet<Integer> allBits() {
            TreeSet<Integer> bits = new TreeSet<>();
            cells.values().forEach(row -> bits.addAll(row.keySet()));
            return bits;
        }

        String csv() {
            String column = metric + "_" + unitWord(unit);
            StringWriter out = new StringWriter();
            CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
            try (CSVPrinter p = new CSVPrinter(out, format)) {
                p.printRecord("suite", "task", "dataset", "budget", "first_last", "method", "bits",
                        column + "_mean", column + "_std", "n", "failed", "source", "commits");
                cells.forEach((method, row) -> row.forEach((bits, s) -> {
                    try {
                        p.printRecord(key.suite(), key.task(), dataset, key.budget(), key.firstLast(), method, bits,
                                num(s.mean(), 4), num(s.std(), 4), s.n(), s.failed(), MEASURED, String.join(" ", commits));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        String markdown() {
            TreeSet<Integer> bits = allBits();
            StringBuilder sb = new StringBuilder();
            sb.append("# ").append(key.task()).append(": ").append(metric).append(" (").append(unit).append("), measured\n\n");
            sb.append("| method |");
            bits.forEach(b -> sb.append(' ').append(b == MethodConfig.FULL_PRECISION_BITS ? "FP32" : "W" + b + "A" + b).append(" |"));
            sb.append("\n|---|");
            bits.forEach(b -> sb.append("---:|"));
            sb.append('\n');
            cells.forEach((method, row) -> {
                sb.append("| ").append(method).append(" |");
                for (int b : bits) {
                    CellStats s = row.get(b);
                    sb.append(' ').append(s == null ? "—" : cell(s)).append(" |");
                }
                sb.append('\n');
            });
            sb.append("\nSource: ").append(MEASURED).append(" — every number above was computed from runs of this suite; ")
                    .append("none is a number a paper reported. Cells read mean ± sample std (n seeds).\n\n");
            sb.append("- suite: `").append(key.suite()).append("`, task: `").append(key.task()).append("`, data set: `")
                    .append(dataset).append("`\n");
            sb.append("- budget: `").append(key.budget()).append("`, first/last layers: `").append(key.firstLast()).append("`\n");
            sb.append("- commit: ").append(commits.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "))).append('\n');
            for (String method : cells.keySet()) {
                QuantMethod m = Methods.builtIn().get(method);
                if (!m.departures().isEmpty()) {
                    sb.append("- ").append(method).append(" departs from its paper: ").append(String.join("; ", m.departures())).append('\n');
                }
            }
            return sb.toString();
        }

        private static String cell(CellStats s) {
            if (s.n() == 0) {
                return "failed (" + s.failed() + ")";
            }
            String v = num(s.mean(), 2) + (s.n() >= 2 ? " ± " + num(s.std(), 2) : "") + " (" + s.n() + ")";
            return s.failed() > 0 ? v + ", " + s.failed() + " failed" : v;
        }

        private static String unitWord(String unit) {
            return switch (unit) {
                case "%" -> "pct";
                case "dB" -> "db";
                default -> unit.replaceAll("[^A-Za-z0-9]", "");
            };
        }

        private static String num(double v, int decimals) {
            return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }
}
