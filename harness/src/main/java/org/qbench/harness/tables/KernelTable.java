package org.qbench.harness.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qbench.hardware.bench.AttentionBenchmark;
import org.qbench.harness.kernels.AttentionMeasurement;
import org.qbench.harness.kernels.KernelBench;
import org.qbench.harness.kernels.KernelMeasurement;
import org.qbench.harness.kernels.KernelReport;
import org.qbench.hardware.profile.Peak;

/**
 * The kernel table of one {@code qbench kernels} report, {@code kernels_<profile>_<mode>.{csv,md,tex}}: per
 * kernel and shape the measured time and GOPS, the speedup over {@code fp32-java} on the same shape, and the
 * percent of the derived single-core peak, with the peaks' formulas under the table. Times and GOPS are
 * measured; peaks are derived, and labelled so. The attention kernels' rows, when the report has any, go to a table
 * of their own, {@code kernels_<profile>_<mode>_attention.{csv,md,tex}}: per kernel and attention shape the time
 * per batch, equivalent GMAC/s and the speedup over {@code attn-fp32-simd}. Each table is written only when it has
 * rows, so a GEMM table reads the same with or without attention beside it.
 */
public final class KernelTable {

    private KernelTable() {}

    /** The attention table's file name suffix, after {@code kernels_<profile>_<mode>}. */
    public static final String ATTENTION_SUFFIX = "_attention";

    /** Writes the GEMM table's three files and, when there are attention rows, the attention table's; returns the paths. */
    public static List<Path> write(KernelReport report, Path outDir) {
        String base = "kernels_" + report.profile() + "_" + report.mode();
        try {
            Files.createDirectories(outDir);
            List<Path> written = new ArrayList<>();
            if (!report.measurements().isEmpty()) {
                written.add(TableWriter.write(outDir.resolve(base + ".csv"), csv(report)));
                TextTable text = text(report);
                written.add(TableWriter.write(outDir.resolve(base + ".md"), text.markdown()));
                written.add(TableWriter.write(outDir.resolve(base + ".tex"), text.latex()));
            }
            if (!report.attention().isEmpty()) {
                String name = base + ATTENTION_SUFFIX;
                written.add(TableWriter.write(outDir.resolve(name + ".csv"), attentionCsv(report)));
                TextTable text = attentionText(report);
                written.add(TableWriter.write(outDir.resolve(name + ".md"), text.markdown()));
                written.add(TableWriter.write(outDir.resolve(name + ".tex"), text.latex()));
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kernel tables under " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static String csv(KernelReport r) {
        return TableWriter.csv(p -> {
            p.printRecord("profile", "mode", "kernel", "bits", "reference", "shape", "m", "n", "k", "time_us", "time_error_us",
                    "gops", "speedup_over_fp32_java", "core_peak_gops", "core_peak_basis", "percent_of_core_peak", "source", "commit");
            for (KernelMeasurement m : r.measurements()) {
                p.printRecord(r.profile(), r.mode(), m.kernel(), m.bits(), m.reference(), m.shape(), m.m(), m.n(), m.k(),
                        TableWriter.num(m.microseconds(), 2), TableWriter.num(m.errorMicroseconds(), 2), TableWriter.num(m.gops(), 3),
                        TableWriter.num(m.speedupOverFp32Java(), 2), TableWriter.num(m.peakGops(), 1), "derived",
                        TableWriter.num(m.percentOfPeak(), 1), "measured (qbench, JMH " + r.mode() + ")", r.provenance().get("commit"));
            }
        });
    }

    private static TextTable text(KernelReport r) {
        List<TextTable.Column> columns = List.of(
                new TextTable.Column("", "bits", "bits"),
                new TextTable.Column("", "shape (m x n x k)", "shape (m × n × k)"),
                new TextTable.Column("measured", "time (us)", "time (µs), measured"),
                new TextTable.Column("measured", "GOPS", "GOPS, measured"),
                new TextTable.Column("measured", "x fp32-java", "× fp32-java"),
                new TextTable.Column("vs derived peak", "% of core peak", "% of derived core peak"));
        List<List<String>> rows = new ArrayList<>();
        for (KernelMeasurement m : r.measurements()) {
            rows.add(List.of(m.kernel(), TableWriter.width(m.bits()),
                    m.shape() + " (" + m.m() + " × " + m.n() + " × " + m.k() + ")",
                    TableWriter.num(m.microseconds(), 1) + (Double.isNaN(m.errorMicroseconds()) ? "" : " ± " + TableWriter.num(m.errorMicroseconds(), 1)),
                    TableWriter.num(m.gops(), 2), TableWriter.num(m.speedupOverFp32Java(), 2), TableWriter.num(m.percentOfPeak(), 1)));
        }
        List<String> notes = new ArrayList<>();
        notes.add("Source: measured (qbench) with JMH (" + r.mode() + ": " + r.jmh().get("forks") + " fork(s), "
                + r.jmh().get("measurement_iterations") + " × " + r.jmh().get("measurement_millis") + " ms measured after "
                + r.jmh().get("warmup_iterations") + " × " + r.jmh().get("warmup_millis") + " ms warm-up), one thread; "
                + "GOPS = 2·m·n·k / time; ± is JMH's 99.9% confidence half-width. Shapes are the suite's convolutions "
                + "lowered by im2col for a batch of 16 images.");
        if (r.provenance().get(KernelBench.RUNTIMES) instanceof List<?> runtimes && !runtimes.isEmpty()) {
            // only reports with such rows carry the key, so the Java profiles' tables read as before
            notes.add("");
            notes.add("Rows of kernels a native library runs (ort-*) time one call through its Java API into "
                    + "pre-bound buffers, the library's per-call overhead included, under the same JMH settings; "
                    + "weights are a constant initializer, so the library may pre-pack them. Runtime: "
                    + runtimes.stream().map(Object::toString).collect(java.util.stream.Collectors.joining("; ")) + ".");
        }
        notes.add("");
        notes.add("Peaks are derived, not measured (single core, the kernels' thread count), on " + r.machine().cpuModel() + ":");
        notes.add("");
        for (Peak p : r.corePeaks()) {
            notes.add("- " + (p.bits() == Peak.FLOAT_BITS ? "fp32" : p.bits() + "-bit") + ": "
                    + String.format(Locale.ROOT, "%.1f", p.gops()) + " GOPS = " + p.source());
        }
        notes.add("");
        notes.add("- profile: `" + r.profile() + "`, commit: `" + r.provenance().get("commit")
                + (Boolean.TRUE.equals(r.provenance().get("git_dirty")) ? "+dirty" : "") + "`, Java " + r.provenance().get("java"));
        return new TextTable(r.profile() + ": GEMM kernels, measured", "kernel", columns, rows, 0, notes);
    }

    private static String attentionCsv(KernelReport r) {
        return TableWriter.csv(p -> {
            p.printRecord("profile", "mode", "kernel", "reference", "exact", "shape", "heads", "batch", "problems", "n", "m", "d",
                    "exponent_bits", "value_bits", "time_us", "time_error_us", "gmac_per_s", "speedup_over_attn_fp32_simd",
                    "source", "commit");
            for (AttentionMeasurement m : r.attention()) {
                p.printRecord(r.profile(), r.mode(), m.kernel(), m.reference(), m.exact(), m.shape(), m.heads(),
                        m.problems() / m.heads(), m.problems(), m.n(), m.m(), m.d(), m.exponentBits(), m.valueBits(),
                        TableWriter.num(m.microseconds(), 2), TableWriter.num(m.errorMicroseconds(), 2),
                        TableWriter.num(m.gmacs(), 3), TableWriter.num(m.speedupOverAttnFp32Simd(), 2),
                        "measured (qbench, JMH " + r.mode() + ")", r.provenance().get("commit"));
            }
        });
    }

    private static TextTable attentionText(KernelReport r) {
        List<TextTable.Column> columns = List.of(
                new TextTable.Column("", "shape (n x m x d)", "shape (n × m × d)"),
                new TextTable.Column("", "heads x batch", "heads × batch"),
                new TextTable.Column("measured", "time per batch (us)", "time per batch (µs), measured"),
                new TextTable.Column("measured", "GMAC/s", "equivalent GMAC/s, measured"),
                new TextTable.Column("measured", "x attn-fp32-simd", "× attn-fp32-simd"));
        List<List<String>> rows = new ArrayList<>();
        for (AttentionMeasurement m : r.attention()) {
            rows.add(List.of(m.kernel(), m.shape() + " (" + m.n() + " × " + m.m() + " × " + m.d() + ")",
                    m.heads() + " × " + m.problems() / m.heads(),
                    TableWriter.num(m.microseconds(), 1) + (Double.isNaN(m.errorMicroseconds()) ? "" : " ± " + TableWriter.num(m.errorMicroseconds(), 1)),
                    TableWriter.num(m.gmacs(), 2), TableWriter.num(m.speedupOverAttnFp32Simd(), 2)));
        }
        AttentionMeasurement any = r.attention().get(0);
        List<String> notes = new ArrayList<>();
        notes.add("Source: measured (qbench) with JMH (" + r.mode() + ": " + r.jmh().get("forks") + " fork(s), "
                + r.jmh().get("measurement_iterations") + " × " + r.jmh().get("measurement_millis") + " ms measured after "
                + r.jmh().get("warmup_iterations") + " × " + r.jmh().get("warmup_millis") + " ms warm-up), one thread; "
                + "± is JMH's 99.9% confidence half-width. Each row times attention's P·V for a batch: one product per "
                + "sample and head, n queries × m keys of P times m keys × d of V, from the ViTs' attn*v rows.");
        notes.add("");
        notes.add("GMAC/s counts the equivalent MACs: n·m·d per head × heads × batch / time, the multiply-accumulates of "
                + "the dense float P·V the shift-add kernels replace (a shift-add term counts as one MAC, zero "
                + "probabilities included); twice this is comparable with the GEMM table's GOPS. No peak is derived for "
                + "shift-adds. × attn-fp32-simd is the float P·V's time on the same shape over this kernel's.");
        notes.add("");
        notes.add("Operands: P as " + any.exponentBits() + "-bit log2 exponent codes (2^-k; one in " + AttentionBenchmark.ZERO_ONE_IN
                + " zero, the rest uniform), V as signed " + any.valueBits() + "-bit codes, drawn from a fixed seed; "
                + "attn-fp32-simd multiplies the same values as floats, zeros included, as a float model does.");
        notes.add("");
        notes.add("- profile: `" + r.profile() + "`, commit: `" + r.provenance().get("commit")
                + (Boolean.TRUE.equals(r.provenance().get("git_dirty")) ? "+dirty" : "") + "`, Java " + r.provenance().get("java"));
        return new TextTable(r.profile() + ": shift-add attention kernels (P·V), measured", "kernel", columns, rows, 0, notes);
    }
}
