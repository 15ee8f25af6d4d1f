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
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.qbench.harness.grid.Claim;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.grid.Suites;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;

/**
 * Writes one measured table per (suite, task, budget, first/last protocol) found in a set of results:
 * {@code <suite>_<task>_<budget>.csv} (tidy: one row per method, bits and metric), {@code .md} and
 * {@code .tex} (method x bits, {@code mean ± std (n)}), with a footer naming the data set, budget, protocol and
 * commits. When the suite names numbers to show beside its own ({@code reported_beside}) they appear in
 * columns labelled reported; when it states a claim, a verdict row judges it per bit width (see
 * {@link Verdict}) and {@code <base>_verdict.csv} holds the figures behind each verdict.
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
     * @param reportedDir the folder of reported-number files ({@code paper-tables/reported}), or null to leave
     *     reported numbers out
     * @throws IllegalArgumentException when a suite's reported-number file is missing or malformed
     */
    public static List<Path> write(List<RunResult> results, Path outDir, Path reportedDir) {
        Map<TableKey, List<RunResult>> groups = new TreeMap<>(java.util.Comparator.comparing(TableKey::fileBase));
        for (RunResult r : results) {
            TableKey key = new TableKey(r.provenance().suite(), r.spec().task(), r.spec().budget(), r.spec().firstLast());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            for (var entry : groups.entrySet()) {
                Optional<Suite> suite = Suites.builtIn().all().stream().filter(x -> x.id().equals(entry.getKey().suite())).findFirst();
                List<ReportedNumber> beside = reportedDir != null && suite.map(Suite::reportedBeside).isPresent()
                        ? ReportedNumber.read(reportedDir.resolve(suite.get().reportedBeside()))
                        : List.of();
                Table table = Table.of(entry.getKey(), entry.getValue(), suite.map(Suite::claim).orElse(null), beside);
                String base = entry.getKey().fileBase();
                written.add(write(outDir.resolve(base + ".csv"), table.csv()));
                TextTable text = table.text();
                written.add(write(outDir.resolve(base + ".md"), text.markdown()));
                written.add(write(outDir.resolve(base + ".tex"), text.latex()));
                if (table.claim() != null) {
                    written.add(write(outDir.resolve(base + "_verdict.csv"), table.verdictCsv()));
                }
                if (entry.getValue().stream().anyMatch(r -> r.parity() != null)) {
                    written.addAll(ParityTable.write(base, entry.getValue(), outDir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tables under " + outDir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** Prints the records of one CSV file. */
    @FunctionalInterface
    interface CsvBody {
        void print(CSVPrinter printer) throws IOException;
    }

    /** A CSV file's text in the one dialect of every table (RFC 4180 quoting, {@code \n} line ends). */
    static String csv(CsvBody body) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            body.print(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** One table's content, independent of the order results were read in. */
    private record Table(
            TableKey key, String dataset, String model, String unit, String metric,
            Map<String, Map<Integer, CellStats>> cells, List<String> commits, Claim claim, List<ReportedNumber> beside,
            List<String> runNotes) {

        static Table of(TableKey key, List<RunResult> all, Claim claim, List<ReportedNumber> reported) {
            // Results of an older version of a method are never pooled with the current version's.
            List<RunResult> runs = all.stream().filter(TableWriter::currentVersion).toList();
            List<String> runNotes = new ArrayList<>();
            Map<String, Long> stale = all.stream().filter(r -> !TableWriter.currentVersion(r)).collect(Collectors.groupingBy(
                    r -> r.spec().method() + " v" + r.spec().methodVersionOrOne(), TreeMap::new, Collectors.counting()));
            if (!stale.isEmpty()) {
                runNotes.add("- left out, results of an older method version (rerun them to include them): "
                        + stale.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " runs)")
                                .collect(Collectors.joining(", ")));
            }
            runs.stream().filter(r -> !r.ok())
                    .sorted(java.util.Comparator.comparing((RunResult r) -> r.spec().method())
                            .thenComparingInt(r -> r.spec().bits()).thenComparingLong(r -> r.spec().seed()))
                    .forEach(r -> runNotes.add("- failed: " + r.spec().method() + " " + bitsLabel(r.spec().bits()) + " seed "
                            + r.spec().seed() + ": " + failureCause(r)));
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
            String model = runs.stream().filter(RunResult::ok).map(r -> String.valueOf(r.recipe().get("model")))
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(" / "));
            List<String> commits = runs.stream()
                    .map(r -> shortCommit(r.provenance().gitCommit()) + (r.provenance().gitDirty() ? "+dirty" : ""))
                    .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
            final String m = metric;
            List<ReportedNumber> beside = reported.stream()
                    .filter(n -> n.symmetricBits() && n.metric().equals(m) && cells.containsKey(n.method())).toList();
            return new Table(key, dataset, model, unit, metric, cells, commits, claim, beside, runNotes);
        }

        /** Who a failed run's divergence is blamed on, from its numerics record. */
        private static String failureCause(RunResult r) {
            var n = r.numerics();
            if (n == null || n.origin() == null || n.firstFault() == null) {
                return "diverged, origin unknown (not run with --check-numerics)";
            }
            String where = n.firstFault().operation() + " of " + n.firstFault().block() + ", step " + n.firstFault().step();
            return switch (n.origin()) {
                case org.qbench.tasks.numerics.NumericsFault.QUANTIZER -> "the method diverged: first non-finite value in a quantizer, " + where;
                case org.qbench.tasks.numerics.NumericsFault.LOSS -> "the loss diverged with every layer finite, step " + n.firstFault().step();
                default -> "the engine faulted: first non-finite value in a plain engine op, " + where;
            };
        }

        private static String shortCommit(String c) {
            return c.length() > 12 ? c.substring(0, 12) : c;
        }

        private TreeSet<Integer> allBits() {
            TreeSet<Integer> bits = new TreeSet<>();
            cells.values().forEach(row -> bits.addAll(row.keySet()));
            return bits;
        }

        /** The quantized cells at one bit width, by method. */
        private Map<String, CellStats> atBits(int bits) {
            Map<String, CellStats> at = new LinkedHashMap<>();
            cells.forEach((method, row) -> {
                if (row.containsKey(bits) && bits != MethodConfig.FULL_PRECISION_BITS) {
                    at.put(method, row.get(bits));
                }
            });
            return at;
        }

        private String besideLabel() {
            return beside.isEmpty() ? "" : "reported: " + beside.get(0).model() + " on " + beside.get(0).dataset();
        }

        private TreeSet<Integer> besideBits() {
            return beside.stream().map(ReportedNumber::wBits).collect(Collectors.toCollection(TreeSet::new));
        }

        String csv() {
            String column = metric + "_" + unitWord(unit);
            return TableWriter.csv(p -> {
                p.printRecord("suite", "task", "dataset", "model", "budget", "first_last", "method", "bits",
                        column + "_mean", column + "_std", "n", "failed", "source", "commits");
                for (var row : cells.entrySet()) {
                    for (var cell : row.getValue().entrySet()) {
                        CellStats s = cell.getValue();
                        p.printRecord(key.suite(), key.task(), dataset, model, key.budget(), key.firstLast(), row.getKey(),
                                cell.getKey(), num(s.mean(), 4), num(s.std(), 4), s.n(), s.failed(), MEASURED,
                                String.join(" ", commits));
                    }
                }
                for (ReportedNumber n : beside) { // one value each: no std, no n
                    p.printRecord(key.suite(), "", n.dataset(), n.model(), "", "", n.method(), n.wBits(),
                            ReportedNumber.printed(n.value()), "", "", "", "reported: " + n.source() + " [" + n.confidence() + "]", "");
                }
            });
        }

        String verdictCsv() {
            return TableWriter.csv(p -> {
                p.printRecord("suite", "task", "budget", "bits", "claim", "verdict", "claimant", "claimant_mean",
                        "claimant_std", "claimant_n", "best_other", "best_other_mean", "best_other_std", "best_other_n", "rule");
                for (int bits : claim.bits()) {
                    Map<String, CellStats> at = atBits(bits);
                    CellStats c = at.get(claim.method());
                    var best = at.entrySet().stream().filter(e -> !e.getKey().equals(claim.method()) && e.getValue().n() > 0)
                            .max(java.util.Comparator.comparingDouble(e -> e.getValue().mean()));
                    p.printRecord(key.suite(), key.task(), key.budget(), bits, claim.statement(),
                            Verdict.judge(claim.method(), at).label(), claim.method(),
                            c == null ? "" : num(c.mean(), 4), c == null ? "" : num(c.std(), 4), c == null ? 0 : c.n(),
                            best.map(Map.Entry::getKey).orElse(""), best.map(e -> num(e.getValue().mean(), 4)).orElse(""),
                            best.map(e -> num(e.getValue().std(), 4)).orElse(""), best.map(e -> e.getValue().n()).orElse(0),
                            Verdict.RULE);
                }
            });
        }

        TextTable text() {
            TreeSet<Integer> bits = allBits();
            List<TextTable.Column> columns = new ArrayList<>();
            bits.forEach(b -> columns.add(new TextTable.Column(beside.isEmpty() ? "" : MEASURED + ": " + dataset, bitsLabel(b), bitsLabel(b))));
            TreeSet<Integer> reportedBits = besideBits();
            boolean reportedFp = beside.stream().anyMatch(n -> n.fpReported() != null);
            reportedBits.forEach(b -> columns.add(new TextTable.Column(besideLabel(), bitsLabel(b), bitsLabel(b) + " reported")));
            if (reportedFp) {
                columns.add(new TextTable.Column(besideLabel(), "FP32", "FP32 reported"));
            }
            List<List<String>> rows = new ArrayList<>();
            cells.forEach((method, row) -> {
                List<String> r = new ArrayList<>(List.of(method));
                bits.forEach(b -> r.add(row.containsKey(b) ? cell(row.get(b)) : "—"));
                reportedBits.forEach(b -> r.add(reported(method, n -> n.wBits() == b, n -> n.value())));
                if (reportedFp) {
                    r.add(method.equals("fp32") ? reported(null, n -> n.fpReported() != null, ReportedNumber::fpReported) : "—");
                }
                rows.add(r);
            });
            if (claim != null) {
                List<String> r = new ArrayList<>(List.of("verdict: " + claim.statement()));
                bits.forEach(b -> r.add(claim.bits().contains(b) ? Verdict.judge(claim.method(), atBits(b)).label() : ""));
                reportedBits.forEach(b -> r.add(""));
                if (reportedFp) {
                    r.add("");
                }
                rows.add(r);
            }
            return new TextTable(key.task() + ": " + metric + " (" + unit + "), measured" + (beside.isEmpty() ? "" : ", with reported numbers beside"),
                    "method", columns, rows, claim == null ? 0 : 1, notes());
        }

        /** The reported values for one row (null method: any), distinct, joined; "—" when none. */
        private String reported(String method, java.util.function.Predicate<ReportedNumber> which,
                java.util.function.Function<ReportedNumber, Double> value) {
            String v = beside.stream().filter(n -> (method == null || n.method().equals(method)) && which.test(n))
                    .map(n -> ReportedNumber.printed(value.apply(n))).distinct().collect(Collectors.joining(" / "));
            return v.isEmpty() ? "—" : v;
        }

        private List<String> notes() {
            List<String> notes = new ArrayList<>();
            notes.add("Source: " + MEASURED + " — every number in the measured columns was computed from runs of this suite; "
                    + "none is a number a paper reported. Cells read mean ± sample std (n seeds).");
            if (!beside.isEmpty()) {
                notes.add("");
                notes.add("Columns marked reported are numbers papers printed (" + beside.get(0).model() + " on "
                        + beside.get(0).dataset() + ", a different model and data set), never measured here. Sources:");
                notes.add("");
                beside.stream().map(n -> "- reported " + n.method() + ": " + n.source() + " [" + n.confidence() + "]").distinct()
                        .forEach(notes::add);
            }
            if (claim != null) {
                notes.add("");
                notes.add("Verdict row, computed from the measured cells: " + Verdict.RULE + ".");
            }
            notes.add("");
            notes.add("- suite: `" + key.suite() + "`, task: `" + key.task() + "`, data set: `" + dataset + "`, model: `" + model + "`");
            notes.add("- budget: `" + key.budget() + "`, first/last layers: `" + key.firstLast() + "`");
            notes.add("- commit: " + commits.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")));
            notes.addAll(runNotes);
            for (String method : cells.keySet()) {
                QuantMethod m = Methods.builtIn().get(method);
                if (!m.departures().isEmpty()) {
                    notes.add("- " + method + " departs from its paper: " + String.join("; ", m.departures()));
                }
            }
            return notes;
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
    }

    /** Whether a result was made by its method's current version (an unknown method's count as current). */
    static boolean currentVersion(RunResult r) {
        return Methods.builtIn().find(r.spec().method()).map(m -> m.version() == r.spec().methodVersionOrOne())
                .orElse(true);
    }

    /** A bit width as a table column or row names it: {@code W4A4}, or {@code FP32} for full precision. */
    static String bitsLabel(int b) {
        return b == MethodConfig.FULL_PRECISION_BITS ? "FP32" : "W" + b + "A" + b;
    }

    /** One operand's width in a table cell: its bit count, or {@code fp32} for full precision. */
    static String width(int b) {
        return b == MethodConfig.FULL_PRECISION_BITS ? "fp32" : Integer.toString(b);
    }

    /** A number with fixed decimals in the root locale; empty for NaN. */
    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
