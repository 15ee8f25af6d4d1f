package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The reported-number files under paper-tables/reported: well-formed, sourced, verified only. */
class ReportedNumbersTest {

    private static final Path REPORTED = Path.of("..", "paper-tables", "reported");

    private static List<CSVRecord> records(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    @Test
    void everyReportedNumberIsVerifiedSourcedAndWellFormed() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(REPORTED)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertEquals(4, files.size(), files.toString());
        for (Path f : files) {
            for (ReportedNumber n : ReportedNumber.read(f)) { // the reader rejects unverified, unsourced, malformed rows
                assertTrue(n.value() > 0 && n.value() < 100, f + ": " + n);
                assertTrue(n.fpReported() == null || n.fpReported() > n.value() - 5, f + ": " + n);
            }
        }
    }

    @Test
    void theDorefaDiscrepancyIsShownNotHidden() throws IOException {
        List<String> values = records(REPORTED.resolve("resnet18-imagenet.csv")).stream()
                .filter(r -> r.get("method").equals("dorefa") && r.get("w_bits").equals("2"))
                .map(r -> r.get("value")).sorted().toList();
        assertEquals(List.of("62.6", "64.7"), values);
    }
}
