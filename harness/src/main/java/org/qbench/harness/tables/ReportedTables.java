package org.qbench.harness.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The papers' own tables, regenerated from {@code paper-tables/reported/<name>.csv} as
 * {@code reported_<name>.{csv,md,tex}}: one row per method and paper, one column per W/A bit width, every
 * row footnoted with its source and confidence. Everything in them is reported, nothing measured, and the
 * files say so. Where two papers print different numbers for the same cell (DoReFa 2/2 on ImageNet) both rows
 * appear.
 */
public final class ReportedTables {

    private static final String REPORTED = "reported (papers)";

    private ReportedTables() {}

    /** One table row: a method as one paper reported it. */
    private record Row(String method, String paper, Map<Integer, ReportedNumber> byBits) {}

    /**
     * Writes one table per reported-number file and returns the paths written, in order.
     *
     * @throws IllegalArgumentException when a file is malformed (one line naming file and line)
     */
    public static List<Path> write(Path reportedDir, Path outDir) {
        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.list(reportedDir)) {
            List<Path> sources = files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            Files.createDirectories(outDir);
            for (Path source : sources) {
                String name = source.getFileName().toString().replaceFirst("\\.csv$", "");
                // One table per subset and setting, and per metric when the file has several (PSNR and SSIM); a file
                // that has one metric and neither subset nor setting keeps its plain name.
                List<ReportedNumber> all = ReportedNumber.read(source);
                boolean metrics = all.stream().map(ReportedNumber::metric).distinct().count() > 1;
                Map<String, List<ReportedNumber>> parts = new LinkedHashMap<>();
                for (ReportedNumber n : all) {
                    String part = String.join("_", Stream.of(n.subset(), n.setting(), metrics ? n.metric() : "")
                            .filter(x -> !x.isEmpty()).map(TableWriter::slug).toList());
                    parts.computeIfAbsent(part, k -> new ArrayList<>()).add(n);
                }
                for (var part : parts.entrySet()) {
                    List<ReportedNumber> numbers = part.getValue();
                    List<Row> rows = rows(numbers);
                    TreeSet<Integer> bits = numbers.stream().map(ReportedNumber::wBits).collect(Collectors.toCollection(TreeSet::new));
                    String base = "reported_" + name + (part.getKey().isEmpty() ? "" : "_" + part.getKey());
                    written.add(TableWriter.write(outDir.resolve(base + ".csv"), csv(rows, bits)));
                    TextTable text = text(numbers.get(0), rows, bits, source.getFileName().toString());
                    written.add(TableWriter.write(outDir.resolve(base + ".md"), text.markdown()));
                    written.add(TableWriter.write(outDir.resolve(base + ".tex"), text.latex()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reported tables from " + reportedDir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** Rows in file order, one per (method, paper): the paper is the source up to its first " (". */
    private static List<Row> rows(List<ReportedNumber> numbers) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (ReportedNumber n : numbers) {
            String paper = n.source().split(" \\(", 2)[0];
            rows.computeIfAbsent(n.method() + "\u0000" + paper, k -> new Row(n.method(), paper, new LinkedHashMap<>()))
                    .byBits().put(n.wBits(), n);
        }
        return List.copyOf(rows.values());
    }

    private static String csv(List<Row> rows, TreeSet<Integer> bits) {
        return TableWriter.csv(p -> {
            List<String> header = new ArrayList<>(List.of("method", "paper", "model", "dataset", "metric", "unit", "fp_reported"));
            bits.forEach(b -> header.add("w" + b + "a" + b));
            header.addAll(List.of("sources", "confidence", "kind"));
            p.printRecord(header);
            for (Row row : rows) {
                ReportedNumber any = row.byBits().values().iterator().next();
                List<String> r = new ArrayList<>(List.of(row.method(), row.paper(), any.model(), any.dataset(), any.metric(),
                        any.unit(), fp(row)));
                bits.forEach(b -> r.add(row.byBits().containsKey(b) ? ReportedNumber.printed(row.byBits().get(b).value()) : ""));
                r.add(distinct(row, ReportedNumber::source));
                r.add(distinct(row, ReportedNumber::confidence));
                r.add(REPORTED);
                p.printRecord(r);
            }
        });
    }

    private static TextTable text(ReportedNumber first, List<Row> rows, TreeSet<Integer> bits, String file) {
        List<TextTable.Column> columns = new ArrayList<>();
        bits.forEach(b -> columns.add(new TextTable.Column("", "W" + b + "A" + b, "W" + b + "A" + b)));
        columns.add(new TextTable.Column("", "FP", "FP (same paper)"));
        List<List<String>> body = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("Source: " + REPORTED + " — every number above is one a paper printed, copied from `paper-tables/reported/"
                + file + "`; none was measured by qbench. Only numbers verified in the paper ([V]) or in a source quoting "
                + "it ([V-sec]) are included.");
        notes.add("");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String ref = "[" + (i + 1) + "]";
            List<String> cells = new ArrayList<>(List.of(row.method() + " " + ref));
            bits.forEach(b -> cells.add(row.byBits().containsKey(b) ? ReportedNumber.printed(row.byBits().get(b).value()) : "—"));
            String fp = fp(row);
            cells.add(fp.isEmpty() ? "—" : fp);
            body.add(cells);
            String caveats = row.byBits().values().stream().map(ReportedNumber::note).filter(s -> !s.isBlank()).distinct()
                    .collect(Collectors.joining("; "));
            notes.add("- " + ref + " " + distinct(row, ReportedNumber::source) + " [" + distinct(row, ReportedNumber::confidence)
                    + "]" + (caveats.isEmpty() ? "" : ". Note: " + caveats));
        }
        String where = Stream.of(first.subset(), first.setting()).filter(x -> !x.isEmpty()).collect(Collectors.joining(", "));
        return new TextTable(first.model() + " on " + first.dataset() + (where.isEmpty() ? "" : " (" + where + ")") + ": " + first.metric() + (first.unit().isEmpty() ? "" : " (" + first.unit() + ")") + ", reported",
                "method", columns, body, 0, notes);
    }

    private static String fp(Row row) {
        return row.byBits().values().stream().filter(n -> n.fpReported() != null).map(n -> ReportedNumber.printed(n.fpReported()))
                .distinct().collect(Collectors.joining(" / "));
    }

    private static String distinct(Row row, java.util.function.Function<ReportedNumber, String> field) {
        return row.byBits().values().stream().map(field).distinct().collect(Collectors.joining("; "));
    }
}
