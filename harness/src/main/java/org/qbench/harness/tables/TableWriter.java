package org.qbench.harness.tables;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.qbench.harness.grid.Claim;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.grid.Suites;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.tasks.Metric;

/**
 * Writes one measured table per (suite, task, budget, first/last protocol, evaluation subset) found in a set of
 * results: {@code <suite>_<task>_<budget>[_<subset>].csv} (one row per method and bits, a mean and std column
 * per metric), {@code .md} and {@code .tex} (method x bits; a cell reads {@code mean ± std (n)}, or
 * {@code psnr ± std / ssim ± std (n)} for a task with several metrics), with a footer naming the data set,
 * budget, protocol and commits. Metrics are read from the results themselves (unit, direction, decimals), so a
 * table is a pure function of its result files, the suite's definition and {@code paper-tables/reported/}: a
 * method no longer registered is still shown, with the departures its results recorded. When the suite names
 * numbers to show beside its own ({@code reported_beside}) they appear in columns labelled reported; when it
 * states a claim, a verdict row judges it per bit width on the claim's metric (see {@link Verdict}),
 * {@code <base>_verdict.csv} holds the figures behind each verdict and {@link ClaimLedger} collects every verdict.
 * Where runs saved pictures (super-resolution crops), {@link PictureStrip} sets them side by side in
 * {@code <suite>_<task>_<budget>[_firstlast-<p>]_pictures.{png,md}}, one per table group, whatever the subsets.
 */
public final class TableWriter {

    static final String MEASURED = "measured (qbench)";

    private TableWriter() {}

    /** The key results are grouped into tables by (the subset splits a group further). */
    private record TableKey(String suite, String task, String budget, String firstLast) {
        String fileBase() {
            String base = suite + "_" + task + "_" + budget;
            return "8bit".equals(firstLast) ? base : base + "_firstlast-" + firstLast;
        }
    }

    /**
     * Writes the tables, plots and claim ledger and returns the paths written, in order.
     *
     * @param results the results to tabulate (any order: output does not depend on it)
     * @param outDir the folder to write into (created if needed)
     * @param reportedDir the folder of reported-number files ({@code paper-tables/reported}), or null to leave
     *     reported numbers out
     * @throws IllegalArgumentException when a suite's reported-number file is missing or malformed
     */
    public static List<Path> write(List<RunResult> results, Path outDir, Path reportedDir) {
        return write(results, outDir, reportedDir, (ResultStore) null);
    }

    /**
     * Writes the tables and, where the runs saved pictures in {@code pictures} ({@link ResultStore#imagePath}),
     * each table's {@link PictureStrip}.
     *
     * @param pictures the store the results were read from, or null to write no pictures
     */
    public static List<Path> write(List<RunResult> results, Path outDir, Path reportedDir, ResultStore pictures) {
        return write(results, outDir, reportedDir, TableWriter::builtInSuite, pictures);
    }

    /**
     * Writes the tables with suites looked up by {@code suites} (a suite's claim and reported numbers), not in
     * the built-in list.
     */
    public static List<Path> write(List<RunResult> results, Path outDir, Path reportedDir,
            Function<String, Optional<Suite>> suites) {
        return write(results, outDir, reportedDir, suites, null);
    }

    private static Optional<Suite> builtInSuite(String id) {
        return Suites.builtIn().all().stream().filter(x -> x.id().equals(id)).findFirst();
    }

    /**
     * Writes the tables with suites looked up by {@code suites} and pictures read from {@code pictures} (null:
     * none), without a cost model: a suite's ablation and reduction tables then take params from the figures the
     * results recorded and show no OPs (a reduction is then never supported).
     */
    public static List<Path> write(List<RunResult> results, Path outDir, Path reportedDir,
            Function<String, Optional<Suite>> suites, ResultStore pictures) {
        return write(results, outDir, reportedDir, suites, pictures, CostModel.NONE);
    }

    /**
     * Writes the tables with the built-in suites, pictures from {@code pictures} (null: none) and the cost of each
     * cell's model from {@code costs}, which a suite's ablation ({@code <table>_ablation.*}) and reduction
     * ({@code <table>_reduction.*}) tables need for Bi-Real OPs.
     */
    public static List<Path> write(List<RunResult> results, Path outDir, Path reportedDir, ResultStore pictures,
            CostModel costs) {
        return write(results, outDir, reportedDir, TableWriter::builtInSuite, pictures, costs);
    }

    /**
     * Writes the tables with suites looked up by {@code suites}, pictures read from {@code pictures} (null: none) and
     * models costed by {@code costs} ({@link CostModel#NONE}: the recorded figures only).
     */
    public static List<Path> write(List<RunResult> results, Path outDir, Path reportedDir,
            Function<String, Optional<Suite>> suites, ResultStore pictures, CostModel costs) {
        Map<TableKey, List<RunResult>> groups = new TreeMap<>(Comparator.comparing(TableKey::fileBase));
        for (RunResult r : results) {
            TableKey key = new TableKey(r.provenance().suite(), r.spec().task(), r.spec().budget(), r.spec().firstLast());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Path> written = new ArrayList<>();
        List<ClaimLedger.Entry> ledger = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            for (var entry : groups.entrySet()) {
                TableKey key = entry.getKey();
                // A suite's claim, reported numbers and note are about its own tasks, not the cells it runs for
                // them (a ViT suite's CNN teachers).
                Optional<Suite> suite = suites.apply(key.suite()).filter(x -> x.tasks().contains(key.task()));
                List<ReportedNumber> beside = reportedDir != null && suite.map(Suite::reportedBeside).isPresent()
                        ? ReportedNumber.read(reportedDir.resolve(suite.get().reportedBeside()))
                        : List.of();
                // Deterministic order whatever order the files were read in.
                List<RunResult> all = entry.getValue().stream().sorted(Comparator.comparing(RunResult::runId)).toList();
                Versions versions = Versions.of(all);
                for (String subset : subsets(versions.current())) {
                    Table table = Table.of(key, subset, versions, suite.map(Suite::claim).orElse(null), beside,
                            suite.map(Suite::note).orElse(null));
                    String base = key.fileBase() + (subset.isEmpty() ? "" : "_" + slug(subset));
                    written.add(write(outDir.resolve(base + ".csv"), table.csv()));
                    TextTable text = table.text();
                    written.add(write(outDir.resolve(base + ".md"), text.markdown()));
                    written.add(write(outDir.resolve(base + ".tex"), text.latex()));
                    if (table.judged() != null) {
                        written.add(write(outDir.resolve(base + "_verdict.csv"), table.verdictCsv()));
                        ledger.addAll(table.ledger(base));
                    }
                    written.addAll(table.plots(outDir, base));
                }
                List<RunResult> checked = versions.current().stream().filter(r -> r.parity() != null).toList();
                if (!checked.isEmpty()) {
                    written.addAll(ParityTable.write(key.fileBase(), checked, outDir));
                }
                if (pictures != null) {
                    written.addAll(PictureStrip.write(key.fileBase(), versions.current(), pictures, outDir));
                }
                List<String> subsets = subsets(versions.current());
                if (suite.map(Suite::ablation).isPresent()) {
                    Output o = AblationTable.write(key.suite(), key.task(), key.budget(), key.firstLast(), key.fileBase(),
                            suite.get().ablation(), versions.current(), subsets, costs, outDir);
                    written.addAll(o.files());
                    ledger.addAll(o.ledger());
                }
                if (suite.map(Suite::reduction).isPresent()) {
                    Output o = ReductionTable.write(key.suite(), key.task(), key.budget(), key.firstLast(), key.fileBase(),
                            suite.get().reduction(), versions.current(), subsets, costs, outDir);
                    written.addAll(o.files());
                    ledger.addAll(o.ledger());
                }
            }
            if (!ledger.isEmpty()) {
                written.addAll(ClaimLedger.write(ledger, outDir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tables under " + outDir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /**
     * The order of a table's rows: registered methods in registration order, each followed by its variants (with
     * options) by name, then any others by id (shown, never dropped).
     */
    static List<String> methodOrder(Set<String> present) {
        List<String> order = new ArrayList<>();
        for (QuantMethod m : Methods.builtIn().all()) {
            if (present.contains(m.id())) {
                order.add(m.id());
            }
            present.stream().filter(v -> v.startsWith(m.id() + " (")).sorted().forEach(order::add);
        }
        present.stream().filter(m -> !order.contains(m)).sorted().forEach(order::add);
        return order;
    }

    /** The evaluation subsets the runs measured, in the order the tasks list them ("" for a task's one test set). */
    private static List<String> subsets(List<RunResult> runs) {
        LinkedHashSet<String> subsets = new LinkedHashSet<>();
        runs.stream().filter(RunResult::ok).forEach(r -> r.metrics().forEach(m -> subsets.add(m.subsetOrEmpty())));
        return subsets.isEmpty() ? List.of("") : List.copyOf(subsets);
    }

    /** A subset name as a file name part: lower case, runs of other characters as one dash. */
    static String slug(String subset) {
        return subset.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * What a table beside the measured ones wrote: its files and its claim ledger entries.
     *
     * @param files the paths written, in order
     * @param ledger its verdicts, for {@link ClaimLedger}
     */
    record Output(List<Path> files, List<ClaimLedger.Entry> ledger) {
        static final Output NONE = new Output(List.of(), List.of());
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

    /**
     * The runs of one group split by version: within a table, only each method's newest version (and the task's
     * newest) is pooled; older versions' runs are left out with a note. Decided from the results alone.
     */
    record Versions(List<RunResult> current, List<String> notes) {
        static Versions of(List<RunResult> runs) {
            int task = runs.stream().mapToInt(r -> r.spec().taskVersionOrOne()).max().orElse(1);
            Map<String, Integer> newest = new TreeMap<>();
            runs.forEach(r -> newest.merge(r.spec().method(), r.spec().methodVersionOrOne(), Math::max));
            List<RunResult> current = new ArrayList<>();
            Map<String, Long> stale = new TreeMap<>();
            for (RunResult r : runs) {
                if (r.spec().taskVersionOrOne() < task) {
                    stale.merge(r.spec().task() + " v" + r.spec().taskVersionOrOne(), 1L, Long::sum);
                } else if (r.spec().methodVersionOrOne() < newest.get(r.spec().method())) {
                    stale.merge(r.spec().method() + " v" + r.spec().methodVersionOrOne(), 1L, Long::sum);
                } else {
                    current.add(r);
                }
            }
            List<String> notes = stale.isEmpty() ? List.of() : List.of("- left out, results of an older method or task "
                    + "version (rerun them to include them): " + stale.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + " runs)").collect(Collectors.joining(", ")));
            return new Versions(List.copyOf(current), notes);
        }
    }

    /** What a table needs to know of one metric, read from the results. */
    record MetricColumn(String name, String unit, boolean higherIsBetter, int decimals) {
        static MetricColumn of(Metric m) {
            return new MetricColumn(m.name(), m.unit(), m.higherIsBetter(), m.decimalsOrDefault());
        }

        /** The metric as a title names it, e.g. {@code top1 (%)} or {@code ssim}. */
        String label() {
            return unit.isEmpty() ? name : name + " (" + unit + ")";
        }

        /** Decimals in CSV files: two more than the tables print, at least 4. */
        int csvDecimals() {
            return Math.max(4, decimals + 2);
        }
    }

    /** One table's content, independent of the order results were read in. */
    private record Table(
            TableKey key, String subset, String setting, String dataset, String model, List<MetricColumn> metrics,
            Map<String, Map<Width, Cell>> cells, List<String> commits, Claim claim, MetricColumn judged,
            List<ReportedNumber> beside, String suiteNote, List<String> runNotes, Map<String, List<String>> departures) {

        static Table of(TableKey key, String subset, Versions versions, Claim claim, List<ReportedNumber> reported,
                String suiteNote) {
            List<RunResult> runs = versions.current();
            List<String> runNotes = new ArrayList<>(versions.notes());
            runs.stream().filter(r -> !r.ok())
                    .sorted(Comparator.comparing((RunResult r) -> r.spec().variant())
                            .thenComparing(Width::of).thenComparingLong(r -> r.spec().seed()))
                    .forEach(r -> runNotes.add("- failed: " + r.spec().variant() + " " + Width.of(r).label() + " seed "
                            + r.spec().seed() + ": " + failureCause(r)));
            // The metrics of this subset, in the order the task lists them.
            LinkedHashMap<String, MetricColumn> metrics = new LinkedHashMap<>();
            runs.stream().filter(RunResult::ok).flatMap(r -> r.metrics().stream())
                    .filter(m -> m.subsetOrEmpty().equals(subset)).forEach(m -> metrics.putIfAbsent(m.name(), MetricColumn.of(m)));
            if (metrics.isEmpty()) {
                metrics.put("top1", new MetricColumn("top1", "%", true, Metric.DEFAULT_DECIMALS)); // every run failed
            }
            // Rows are method variants (a method with options is its own row), columns weight/activation widths.
            Map<String, Map<Width, List<RunResult>>> byCell = new TreeMap<>();
            runs.forEach(r -> byCell.computeIfAbsent(r.spec().variant(), m -> new TreeMap<>())
                    .computeIfAbsent(Width.of(r), b -> new ArrayList<>()).add(r));
            Map<String, Map<Width, Cell>> cells = new LinkedHashMap<>();
            for (String method : methodOrder(byCell.keySet())) {
                Map<Width, Cell> row = new TreeMap<>();
                byCell.get(method).forEach((bits, rs) -> row.put(bits, Cell.of(rs, metrics.keySet(), subset)));
                cells.put(method, row);
            }
            // Departures as the runs recorded them, so a table never prints today's text beside yesterday's runs.
            Map<String, List<String>> departures = new LinkedHashMap<>();
            cells.keySet().forEach(method -> runs.stream().filter(r -> r.spec().variant().equals(method)).findFirst()
                    .ifPresent(r -> departures.put(method, r.methodDepartures())));
            String dataset = runs.stream().map(r -> r.provenance().dataset()).filter(Objects::nonNull).findFirst().orElse("?");
            String model = runs.stream().filter(RunResult::ok).map(r -> String.valueOf(r.recipe().get("model")))
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(" / "));
            String setting = runs.stream().filter(RunResult::ok).map(r -> r.recipe().get("setting"))
                    .filter(Objects::nonNull).map(String::valueOf).findFirst().orElse("");
            List<String> commits = runs.stream()
                    .map(r -> shortCommit(r.provenance().gitCommit()) + (r.provenance().gitDirty() ? "+dirty" : ""))
                    .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
            MetricColumn judged = claim == null ? null
                    : claim.metric() == null ? metrics.values().iterator().next() : metrics.get(claim.metric());
            if (claim != null && judged == null) {
                throw new IllegalArgumentException("suite " + key.suite() + ": its claim judges metric '" + claim.metric()
                        + "', which the runs of " + key.task() + " do not measure (" + metrics.keySet() + ")");
            }
            List<ReportedNumber> beside = reported.stream()
                    .filter(n -> n.symmetricBits() && metrics.containsKey(n.metric()) && cells.containsKey(n.method())
                            && n.subset().equals(subset) && n.setting().equals(setting))
                    .toList();
            return new Table(key, subset, setting, dataset, model, List.copyOf(metrics.values()), cells, commits, claim,
                    judged, beside, suiteNote, runNotes, departures);
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

        private TreeSet<Width> allBits() {
            TreeSet<Width> bits = new TreeSet<>();
            cells.values().forEach(row -> bits.addAll(row.keySet()));
            return bits;
        }

        /** The quantized cells at one bit width (weights and activations), by method variant, on the judged metric. */
        private Map<String, CellStats> atBits(int bits) {
            Width width = new Width(bits, bits);
            Map<String, CellStats> at = new LinkedHashMap<>();
            cells.forEach((method, row) -> {
                if (row.containsKey(width) && bits != MethodConfig.FULL_PRECISION_BITS) {
                    at.put(method, row.get(width).stats().get(judged.name()));
                }
            });
            return at;
        }

        /**
         * The cells a claim is judged among at one bit width: every row but the claimant's own variants (its
         * ablations, {@code packqvit (residual_quant=false)}): a claim that a method is best is about other methods.
         */
        private Map<String, CellStats> contenders(int bits) {
            Map<String, CellStats> at = atBits(bits);
            at.keySet().removeIf(variant -> variant.startsWith(claim.method() + " ("));
            return at;
        }

        private String besideLabel() {
            return beside.isEmpty() ? "" : "reported: " + beside.get(0).model() + " on " + beside.get(0).dataset();
        }

        private TreeSet<Integer> besideBits() {
            return beside.stream().map(ReportedNumber::wBits).collect(Collectors.toCollection(TreeSet::new));
        }

        String csv() {
            return TableWriter.csv(p -> {
                List<String> header = new ArrayList<>(List.of("suite", "task", "dataset", "model", "budget", "first_last"));
                if (!subset.isEmpty()) {
                    header.add("subset");
                }
                boolean mixed = allBits().stream().anyMatch(w -> !w.equalBits());
                header.addAll(List.of("method", "bits"));
                if (mixed) {
                    header.add("activation_bits");
                }
                metrics.forEach(m -> header.addAll(List.of(column(m.name(), m.unit()) + "_mean", column(m.name(), m.unit()) + "_std")));
                header.addAll(List.of("n", "failed", "source", "commits"));
                p.printRecord(header);
                for (var row : cells.entrySet()) {
                    for (var cell : row.getValue().entrySet()) {
                        Cell c = cell.getValue();
                        List<Object> r = new ArrayList<>(List.of(key.suite(), key.task(), dataset, model, key.budget(), key.firstLast()));
                        if (!subset.isEmpty()) {
                            r.add(subset);
                        }
                        r.addAll(List.of(row.getKey(), cell.getKey().weights()));
                        if (mixed) {
                            r.add(cell.getKey().activations());
                        }
                        metrics.forEach(m -> {
                            CellStats s = c.stats().get(m.name());
                            r.add(num(s.mean(), m.csvDecimals()));
                            r.add(num(s.std(), m.csvDecimals()));
                        });
                        r.addAll(List.of(c.n(), c.failed(), MEASURED, String.join(" ", commits)));
                        p.printRecord(r);
                    }
                }
                for (ReportedNumber n : beside) { // one value each: no std, no n
                    List<Object> r = new ArrayList<>(List.of(key.suite(), "", n.dataset(), n.model(), "", ""));
                    if (!subset.isEmpty()) {
                        r.add(n.subset());
                    }
                    r.addAll(List.of(n.method(), n.wBits()));
                    if (mixed) {
                        r.add(n.aBits());
                    }
                    metrics.forEach(m -> {
                        r.add(m.name().equals(n.metric()) ? ReportedNumber.printed(n.value()) : "");
                        r.add("");
                    });
                    r.addAll(List.of("", "", "reported: " + n.source() + " [" + n.confidence() + "]", ""));
                    p.printRecord(r);
                }
            });
        }

        String verdictCsv() {
            int d = judged.csvDecimals();
            return TableWriter.csv(p -> {
                p.printRecord("suite", "task", "budget", "bits", "claim", "verdict", "claimant", "claimant_mean",
                        "claimant_std", "claimant_n", "best_other", "best_other_mean", "best_other_std", "best_other_n", "rule");
                for (int bits : claim.bits()) {
                    Map<String, CellStats> at = contenders(bits);
                    CellStats c = at.get(claim.method());
                    Optional<Map.Entry<String, CellStats>> best = Verdict.bestOther(claim.method(), at, judged.higherIsBetter());
                    p.printRecord(key.suite(), key.task(), key.budget(), bits, claim.statement(),
                            Verdict.judge(claim.method(), at, judged.higherIsBetter()).label(), claim.method(),
                            c == null ? "" : num(c.mean(), d), c == null ? "" : num(c.std(), d), c == null ? 0 : c.n(),
                            best.map(Map.Entry::getKey).orElse(""), best.map(e -> num(e.getValue().mean(), d)).orElse(""),
                            best.map(e -> num(e.getValue().std(), d)).orElse(""), best.map(e -> e.getValue().n()).orElse(0),
                            Verdict.rule(judged.higherIsBetter()));
                }
            });
        }

        /** The claim ledger's entries of this table: one per claimed bit width. */
        List<ClaimLedger.Entry> ledger(String base) {
            List<ClaimLedger.Entry> entries = new ArrayList<>();
            for (int bits : claim.bits()) {
                Map<String, CellStats> at = contenders(bits);
                Optional<Map.Entry<String, CellStats>> best = Verdict.bestOther(claim.method(), at, judged.higherIsBetter());
                entries.add(new ClaimLedger.Entry(claim.statement(), key.suite(), key.task(), key.budget(), subset,
                        judged, bitsLabel(bits), Verdict.judge(claim.method(), at, judged.higherIsBetter()), claim.method(),
                        at.get(claim.method()), best.map(Map.Entry::getKey).orElse(""), best.map(Map.Entry::getValue).orElse(null),
                        base + ".md"));
            }
            return entries;
        }

        /** The plots of this table's judged (or first) metric: vs bit width and vs BOPs. */
        List<Path> plots(Path outDir, String base) {
            return TablePlots.write(this.plotTitle(), metrics.get(0), cells, outDir, base);
        }

        private String plotTitle() {
            return key.suite() + ": " + key.task() + (subset.isEmpty() ? "" : " on " + subset) + ", " + key.budget() + " budget";
        }

        TextTable text() {
            TreeSet<Width> bits = allBits();
            List<TextTable.Column> columns = new ArrayList<>();
            bits.forEach(b -> columns.add(new TextTable.Column(beside.isEmpty() ? "" : MEASURED + ": " + dataset, b.label(), b.label())));
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
                bits.forEach(b -> r.add(b.equalBits() && claim.bits().contains(b.weights())
                        ? Verdict.judge(claim.method(), contenders(b.weights()), judged.higherIsBetter()).label() : ""));
                reportedBits.forEach(b -> r.add(""));
                if (reportedFp) {
                    r.add("");
                }
                rows.add(r);
            }
            String measured = metrics.stream().map(MetricColumn::label).collect(Collectors.joining(" / "));
            return new TextTable(key.task() + (subset.isEmpty() ? "" : " on " + subset) + ": " + measured + ", measured"
                    + (beside.isEmpty() ? "" : ", with reported numbers beside"),
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
                    + "none is a number a paper reported. Cells read mean ± sample std (n seeds)"
                    + (metrics.size() > 1 ? ", for " + metrics.stream().map(MetricColumn::name).collect(Collectors.joining(" / ")) : "")
                    + ".");
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
                notes.add("Verdict row, computed from the measured cells" + (metrics.size() > 1 ? " of " + judged.name() : "")
                        + ": " + Verdict.rule(judged.higherIsBetter()) + ".");
            }
            if (suiteNote != null) {
                notes.add("");
                notes.add(suiteNote);
            }
            notes.add("");
            notes.add("- suite: `" + key.suite() + "`, task: `" + key.task() + "`, data set: `" + dataset + "`, model: `" + model + "`");
            notes.add("- budget: `" + key.budget() + "`, first/last layers: `" + key.firstLast() + "`"
                    + (setting.isEmpty() ? "" : ", setting: `" + setting + "`"));
            notes.add("- commit: " + commits.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")));
            notes.addAll(runNotes);
            departures.forEach((method, list) -> {
                // A variant whose method's row already lists the same departures says so instead of repeating them.
                String base = method.contains(" (") ? method.substring(0, method.indexOf(" (")) : method;
                if (!base.equals(method) && list.equals(departures.get(base))) {
                    notes.add("- " + method + ": the same departures as " + base);
                } else if (!list.isEmpty()) {
                    notes.add("- " + method + " departs from its paper: " + String.join("; ", list));
                }
            });
            return notes;
        }

        private String cell(Cell c) {
            if (c.n() == 0) {
                return "failed (" + c.failed() + ")";
            }
            String v = metrics.stream().map(m -> {
                CellStats s = c.stats().get(m.name());
                return num(s.mean(), m.decimals()) + (s.n() >= 2 ? " ± " + num(s.std(), m.decimals()) : "");
            }).collect(Collectors.joining(" / ")) + " (" + c.n() + ")";
            return c.failed() > 0 ? v + ", " + c.failed() + " failed" : v;
        }
    }

    /**
     * The runs of one method at one bit width on one subset: statistics per metric over the ok runs, and the
     * model's bit operations (equal for every seed).
     *
     * @param stats per metric
     * @param n ok runs
     * @param failed failed runs
     * @param bops bit operations per sample of the cell's model (NaN when no run finished)
     */
    record Cell(Map<String, CellStats> stats, int n, int failed, double bops) {
        static Cell of(List<RunResult> runs, Set<String> metrics, String subset) {
            int failed = (int) runs.stream().filter(r -> !r.ok()).count();
            List<RunResult> ok = runs.stream().filter(RunResult::ok).toList();
            Map<String, CellStats> stats = new LinkedHashMap<>();
            for (String metric : metrics) {
                List<Double> values = ok.stream().flatMap(r -> r.metrics().stream())
                        .filter(m -> m.name().equals(metric) && m.subsetOrEmpty().equals(subset))
                        .map(Metric::value).sorted().toList(); // summation order fixed
                stats.put(metric, CellStats.of(values, failed));
            }
            double bops = ok.stream().filter(r -> r.cost() != null).mapToDouble(r -> r.cost().bops()).average().orElse(Double.NaN);
            return new Cell(stats, ok.size(), failed, bops);
        }
    }

    /**
     * A table column: the weights' and the activations' width ({@code W4A4}, {@code W4A8}; {@code FP32} when both
     * are full precision), ordered by weights, then activations.
     *
     * @param weights weight bits
     * @param activations activation bits
     */
    record Width(int weights, int activations) implements Comparable<Width> {
        static Width of(RunResult r) {
            return new Width(r.spec().bits(), r.spec().activationBitsOrBits());
        }

        boolean equalBits() {
            return weights == activations;
        }

        String label() {
            return MethodConfig.label(weights, activations);
        }

        @Override
        public int compareTo(Width o) {
            return weights != o.weights ? Integer.compare(weights, o.weights) : Integer.compare(activations, o.activations);
        }
    }

    /** A metric's column stem in CSV files: {@code top1_pct}, {@code psnr_db}, {@code ssim} (no unit). */
    static String column(String metric, String unit) {
        String word = switch (unit) {
            case "%" -> "pct";
            case "dB" -> "db";
            default -> unit.replaceAll("[^A-Za-z0-9]", "");
        };
        return word.isEmpty() ? metric : metric + "_" + word;
    }

    /** A bit width as a table column or row names it: {@code W4A4}, or {@code FP32} for full precision. */
    static String bitsLabel(int b) {
        return MethodConfig.label(b, b);
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
