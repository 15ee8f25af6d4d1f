package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.json.Json;

/**
 * {@code qbench kernels} end to end on the smoke mode and the smallest shape (fmnist's classifier, 16 x 10 x 32):
 * JMH forks, every kernel of the profile and the fp32-java baseline get a time, the report and its tables are
 * written, peaks are derived. Asserts no speed (speed targets live in the benchmarks' own results), only that
 * the numbers are there. And {@code --list-shapes}, which times nothing.
 */
class KernelsCommandTest {

    @TempDir
    Path dir;

    @Test
    void smokeRunWritesAReportAndTablesForTheProfile() throws IOException {
        CliTest.Outcome o = CliTest.call("kernels", "--profile", "jvm-simd", "--mode", "smoke", "--shapes", "cls-fmnist_quick_L10-linear",
                "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode report = Json.pretty().readTree(dir.resolve("kernels/jvm-simd_smoke.json").toFile());
        assertEquals("jvm-simd", report.get("profile").asText());
        assertEquals(8, report.get("measurements").size(), "six kernels and the fp32-java and fp32-libtorch baselines");
        assertEquals(0, report.get("attention").size(), "a GEMM shape asked for: no attention timed");
        assertTrue(Files.notExists(dir.resolve("kernels/jvm-simd_smoke_attention.json")));
        for (JsonNode m : report.get("measurements")) {
            assertTrue(m.get("gops").asDouble() > 0 && m.get("microseconds").asDouble() > 0, m.toString());
        }
        for (JsonNode p : report.get("core_peaks")) {
            assertEquals("derived", p.get("basis").asText());
            assertTrue(p.get("source").asText().contains("GHz"), p.toString());
        }
        String md = Files.readString(dir.resolve("tables/kernels_jvm-simd_smoke.md"));
        assertTrue(md.contains("| int8-simd |") && md.contains("measured") && md.contains("derived"), md);
        assertTrue(Files.isRegularFile(dir.resolve("tables/kernels_jvm-simd_smoke.tex")));

        // qbench tables regenerates the kernel tables from the report, byte for byte
        CliTest.Outcome again = CliTest.call("tables", "--results", dir.toString(), "--out", dir.resolve("again").toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(md, Files.readString(dir.resolve("again/kernels_jvm-simd_smoke.md")));
        assertTrue(md.contains("| cls-fmnist_quick_L10-linear (16 × 10 × 32) |"), md);
    }

    @Test
    void smokeRunOfOrtCpuTimesOnnxRuntimesKernelsAgainstTheDerivedInt8Peak() throws IOException {
        CliTest.Outcome o = CliTest.call("kernels", "--profile", "ort-cpu", "--mode", "smoke", "--shapes", "cls-fmnist_quick_L10-linear",
                "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode report = Json.pretty().readTree(dir.resolve("kernels/ort-cpu_smoke.json").toFile());
        assertEquals("ort-cpu", report.get("profile").asText());
        assertEquals(4, report.get("measurements").size(), "two ONNX Runtime kernels and the fp32-java and fp32-libtorch baselines");
        double int8Peak = Double.NaN;
        for (JsonNode p : report.get("core_peaks")) {
            if (p.get("bits").asInt() == 8) {
                int8Peak = p.get("gops").asDouble();
            }
        }
        boolean sawInteger = false;
        for (JsonNode m : report.get("measurements")) {
            double gops = m.get("gops").asDouble();
            assertTrue(gops > 0 && m.get("microseconds").asDouble() > 0, m.toString());
            assertEquals(2.0 * 16 * 10 * 32 / (m.get("microseconds").asDouble() * 1e3), gops, 1e-9 * gops);
            if (m.get("kernel").asText().equals("ort-matmulinteger")) {
                sawInteger = true;
                assertEquals(8, m.get("bits").asInt());
                assertEquals(int8Peak, m.get("peak_gops").asDouble(), 0.0, "the derived int8 core peak");
                assertEquals(100 * gops / int8Peak, m.get("percent_of_peak").asDouble(), 1e-9);
            }
        }
        assertTrue(sawInteger, report.toString());
        assertEquals("ONNX Runtime 1.23.2 (CPU provider, 1 intra-op thread, Java API)",
                report.get("provenance").get("native_runtimes").get(0).asText());
        String md = Files.readString(dir.resolve("tables/kernels_ort-cpu_smoke.md"));
        assertTrue(md.contains("| ort-matmulinteger | 8 | cls-fmnist_quick_L10-linear (16 × 10 × 32) |")
                && md.contains("| ort-fp32-matmul |") && md.contains("Runtime: ONNX Runtime 1.23.2"), md);

        CliTest.Outcome again = CliTest.call("tables", "--results", dir.toString(), "--out", dir.resolve("again").toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(md, Files.readString(dir.resolve("again/kernels_ort-cpu_smoke.md")));
    }

    @Test
    void smokeRunOnAnAttentionShapeTimesOnlyTheAttentionKernelsIntoATableOfTheirOwn() throws IOException {
        CliTest.Outcome o = CliTest.call("kernels", "--profile", "jvm-scalar", "--mode", "smoke", "--shapes",
                "vit-fmnist_quick_L4-matmulattnv", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.notExists(dir.resolve("kernels/jvm-scalar_smoke.json")), "no GEMM report: a GEMM run's stays as it was");
        JsonNode report = Json.pretty().readTree(dir.resolve("kernels/jvm-scalar_smoke_attention.json").toFile());
        assertEquals(2, report.get("schema").asInt());
        assertEquals("org.qbench.hardware.bench.AttentionBenchmark", report.get("jmh").get("benchmark").asText());
        assertEquals(0, report.get("measurements").size(), "no GEMM shape asked for, no GEMM timed");
        assertEquals(2, report.get("attention").size(), "the scalar reference and the attn-fp32-simd baseline");
        assertEquals("attn-fp32-simd", report.get("attention").get(0).get("kernel").asText());
        assertEquals("attn-shiftadd-scalar", report.get("attention").get(1).get("kernel").asText());
        for (JsonNode m : report.get("attention")) {
            assertEquals("vit-fmnist_quick_L4-matmulattnv", m.get("shape").asText());
            assertEquals(48, m.get("problems").asInt(), "16 samples x 3 heads");
            assertTrue(m.get("gmacs").asDouble() > 0 && m.get("microseconds").asDouble() > 0
                    && m.get("speedup_over_attn_fp32_simd").asDouble() > 0, m.toString());
        }
        assertTrue(Files.notExists(dir.resolve("tables/kernels_jvm-scalar_smoke.md")), "no GEMM table without GEMM rows");
        String md = Files.readString(dir.resolve("tables/kernels_jvm-scalar_smoke_attention.md"));
        assertTrue(md.contains("| attn-shiftadd-scalar | vit-fmnist_quick_L4-matmulattnv (18 × 18 × 16) | 3 × 16 |"), md);

        CliTest.Outcome again = CliTest.call("tables", "--results", dir.toString(), "--out", dir.resolve("again").toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(md, Files.readString(dir.resolve("again/kernels_jvm-scalar_smoke_attention.md")));
    }

    @Test
    void listShapesPrintsEveryLayerShapeAndMarksTheDefaults() {
        CliTest.Outcome o = CliTest.call("kernels", "--list-shapes", "--tasks", "cls-fmnist");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("cls-fmnist_quick_L2-conv3x3") && l.contains("12544x8x72")
                && l.endsWith("[default]")), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("cls-fmnist_quick_L1-conv3x3") && !l.endsWith("[default]")), o.out());
        assertEquals(4, o.out().lines().filter(l -> l.endsWith("[default]")).count(), o.out());
        assertTrue(o.out().lines().noneMatch(l -> l.startsWith("cls-cifar10")), o.out());
    }
}
