package org.qbench.harness.tables;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One number a paper printed, as stored in {@code paper-tables/reported/*.csv}: never measured here, always
 * shown with its source.
 *
 * @param method method id (may carry a variant marker, e.g. {@code n2uq*})
 * @param model the network the paper used
 * @param dataset the paper's data set
 * @param subset the evaluation subset, e.g. {@code Set5} (empty: the data set's one test set)
 * @param setting what else fixes the number, e.g. {@code x4} for a super-resolution scale (empty: nothing)
 * @param metric metric name, e.g. top1
 * @param unit unit, e.g. %
 * @param fpReported the full-precision accuracy the same paper reported, or null when not verified
 * @param wBits weight bits
 * @param aBits activation bits
 * @param value the number
 * @param source paper and table
 * @param confidence {@code V} (seen in the primary source) or {@code V-sec} (seen in a source quoting it)
 * @param note caveats, e.g. a discrepancy between sources (may be empty)
 */
public record ReportedNumber(
        String method, String model, String dataset, String subset, String setting, String metric, String unit, Double fpReported, int wBits,
        int aBits, double value, String source, String confidence, String note) {

    /** The columns of a reported-number file, in order. */
    public static final List<String> HEADER = List.of("method", "model", "dataset", "subset", "setting", "metric", "unit", "fp_reported",
            "w_bits", "a_bits", "value", "source", "confidence", "note");

    /** The columns of files written before {@code subset} and {@code setting} existed; read as both empty. */
    public static final List<String> LEGACY_HEADER = HEADER.stream().filter(c -> !c.equals("subset") && !c.equals("setting")).toList();

    /** The confidence tags a number needs to be in these files. */
    public static final Set<String> VERIFIED = Set.of("V", "V-sec");

    /**
     * Reads and validates a reported-number file.
     *
     * @throws IllegalArgumentException {@code "<file> line N: <problem>"} for a missing file, a wrong header, an
     *     unverified or unsourced number, or a value that does not parse
     */
    public static List<ReportedNumber> read(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader in = Files.newBufferedReader(file)) {
            var parser = format.parse(in);
            boolean legacy = parser.getHeaderNames().equals(LEGACY_HEADER);
            if (!legacy && !parser.getHeaderNames().equals(HEADER)) {
                throw new IllegalArgumentException(file + ": header " + parser.getHeaderNames() + " is not " + HEADER);
            }
            List<ReportedNumber> numbers = new ArrayList<>();
            for (CSVRecord r : parser) {
                numbers.add(parse(r, legacy, file + " line " + (r.getRecordNumber() + 1)));
            }
            return numbers;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such reported-number file");
        }
    }

    private static ReportedNumber parse(CSVRecord r, boolean legacy, String where) {
        if (!r.isConsistent()) {
            throw new IllegalArgumentException(where + ": expected " + (legacy ? LEGACY_HEADER : HEADER).size()
                    + " fields, found " + r.size());
        }
        try {
            ReportedNumber n = new ReportedNumber(r.get("method"), r.get("model"), r.get("dataset"), legacy ? "" : r.get("subset"),
                    legacy ? "" : r.get("setting"), r.get("metric"),
                    r.get("unit"), r.get("fp_reported").isBlank() ? null : Double.valueOf(r.get("fp_reported")),
                    Integer.parseInt(r.get("w_bits")), Integer.parseInt(r.get("a_bits")), Double.parseDouble(r.get("value")),
                    r.get("source"), r.get("confidence"), r.get("note"));
            if (!VERIFIED.contains(n.confidence())) {
                throw new IllegalArgumentException("confidence '" + n.confidence() + "' is not one of " + VERIFIED
                        + ": only verified numbers belong here");
            }
            if (n.source().isBlank() || n.method().isBlank()) {
                throw new IllegalArgumentException("method and source are required");
            }
            if (n.wBits() < 1 || n.wBits() > 8 || n.aBits() < 1 || n.aBits() > 8) {
                throw new IllegalArgumentException("bits " + n.wBits() + "/" + n.aBits() + " out of 1..8");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": not a number (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** A reported number as the paper printed it: no digits added or rounded away (90.96 stays 90.96, 62.6 stays 62.6). */
    public static String printed(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Whether weights and activations have the same width (the survey's tables list W/A = n/n). */
    public boolean symmetricBits() {
        return wBits == aBits;
    }
}
