package org.qbench.harness.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.hardware.peak.MachinePeak;
import org.qbench.hardware.profile.Profiles;
import org.qbench.harness.json.Json;
import org.qbench.harness.tables.KernelTable;
import org.qbench.tasks.Budget;
import org.qbench.tasks.LayerCost;

/**
 * The attention half of {@code qbench kernels} without the tasks' models: a profile's kernel list split by registry,
 * and a smoke run of the attention benchmark through JMH on tiny hand-made shapes, with its report and table. Asserts
 * no speed, only that every kernel and shape has its row with finite, positive figures.
 */
class KernelBenchTest {

    @TempDir
    Path dir;

    @Test
    void aProfilesKernelsSplitIntoGemmAndAttentionInTheirOrder() {
        KernelBench.ProfileKernels simd = KernelBench.ProfileKernels.of(Profiles.builtIn().get("jvm-simd").kernels());
        assertEquals(List.of("fp32-java-simd", "int8-simd", "int4-bitserial", "int4-packed2-simd", "int2-bitserial", "binary-xnor"),
                simd.gemm());
        assertEquals(List.of("attn-shiftadd-simd", "attn-fp32-simd"), simd.attention());
        KernelBench.ProfileKernels scalar = KernelBench.ProfileKernels.of(Profiles.builtIn().get("jvm-scalar").kernels());
        assertEquals(List.of("attn-shiftadd-scalar"), scalar.attention());
        assertFalse(scalar.gemm().contains("attn-shiftadd-scalar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelBench.ProfileKernels.of(List.of("int8-simd", "attn-magic")));
        assertTrue(e.getMessage().startsWith("unknown kernel 'attn-magic' (GEMM kernels: fp32-java, ")
                && e.getMessage().endsWith("; attention kernels: attn-shiftadd-scalar, attn-shiftadd-simd, attn-fp32-simd)"),
                e.getMessage());
    }

    @Test
    void theOrtCpuProfilesKernelsAreGemmKernelsRunByOnnxRuntime() {
        List<String> ort = Profiles.builtIn().get("ort-cpu").kernels();
        KernelBench.ProfileKernels split = KernelBench.ProfileKernels.of(ort);
        assertEquals(List.of("ort-matmulinteger", "ort-fp32-matmul"), split.gemm());
        assertEquals(List.of(), split.attention());
        assertEquals(List.of("ONNX Runtime 1.23.2 (CPU provider, 1 intra-op thread, Java API)"), KernelBench.runtimes(ort));
        assertEquals(List.of(), KernelBench.runtimes(Profiles.builtIn().get("jvm-simd").kernels()), "Java kernels only");
    }

    /** An {@code attn*v} cost row: {@code heads x n x n} probabilities times {@code heads x n x d} values. */
    private static ModelGemmShapes.AttentionShape attention(int index, int heads, int n, int d) {
        LayerCost row = new LayerCost(index, "matmul attn*v", "hidden", heads + "x" + n + "x" + n + "·" + heads + "x" + n + "x" + d,
                4, 8, 0, d, (long) heads * n * n * d, 0, 0, true);
        return ModelGemmShapes.attention("t", Budget.QUICK, row);
    }

    @Test
    void attentionSmokeRunGivesEveryKernelAndShapeARowAndATableOfItsOwn() throws Exception {
        ModelGemmShapes.AttentionShape small = attention(4, 2, 5, 8);
        ModelGemmShapes.AttentionShape odd = attention(9, 1, 3, 7);
        ModelGemmShapes.AttentionShape again = attention(14, 2, 5, 8); // the same batch under another id: timed once
        assertEquals("32*5x5x8", KernelBench.batch(small));
        List<AttentionMeasurement> rows = KernelBench.runAttention(List.of("attn-shiftadd-simd"), List.of(small, odd, again),
                KernelBench.Mode.SMOKE);

        assertEquals(6, rows.size(), "the baseline and the kernel on three shapes");
        assertEquals(List.of("attn-fp32-simd", "attn-fp32-simd", "attn-fp32-simd", "attn-shiftadd-simd", "attn-shiftadd-simd",
                "attn-shiftadd-simd"), rows.stream().map(AttentionMeasurement::kernel).toList());
        assertEquals(List.of("t_quick_L4-matmulattnv", "t_quick_L9-matmulattnv", "t_quick_L14-matmulattnv"),
                rows.subList(0, 3).stream().map(AttentionMeasurement::shape).toList());
        for (AttentionMeasurement m : rows) {
            assertTrue(Double.isFinite(m.microseconds()) && m.microseconds() > 0, m.toString());
            assertTrue(Double.isFinite(m.gmacs()) && m.gmacs() > 0, m.toString());
            assertTrue(Double.isFinite(m.speedupOverAttnFp32Simd()) && m.speedupOverAttnFp32Simd() > 0, m.toString());
            assertEquals(16L * m.heads() * m.n() * m.m() * m.d() / (m.microseconds() * 1e3), m.gmacs(), 1e-9 * m.gmacs());
            assertEquals(ModelGemmShapes.BATCH * m.heads(), m.problems());
            assertEquals(4, m.exponentBits());
            assertEquals(8, m.valueBits());
            assertEquals(m.kernel().startsWith("attn-shiftadd"), m.exact());
            assertFalse(m.reference());
        }
        assertEquals(1.0, rows.get(0).speedupOverAttnFp32Simd(), 0.0, "the baseline against itself");
        assertEquals(rows.get(3).microseconds(), rows.get(5).microseconds(), 0.0, "one score for equal batches");

        // the report round-trips through JSON and gets an attention table, and no GEMM table for no GEMM rows
        MachinePeak machine = MachinePeak.observe();
        KernelReport report = new KernelReport(KernelReport.SCHEMA, "jvm-simd", "smoke", KernelBench.Mode.SMOKE.describeAttention(),
                machine, machine.perCore(), machine.perMachine(), List.of(), rows, Map.<String, Object>of("commit", "abc", "git_dirty", false,
                        "java", "test"));
        Path json = dir.resolve("report.json");
        Files.writeString(json, Json.pretty().writeValueAsString(report));
        KernelReport read;
        try (var in = Files.newInputStream(json)) {
            read = Json.parse(in, KernelReport.class, json.toString());
        }
        assertEquals(report.attention(), read.attention());
        List<Path> written = KernelTable.write(read, dir.resolve("tables"));
        assertEquals(List.of("kernels_jvm-simd_smoke_attention.csv", "kernels_jvm-simd_smoke_attention.md",
                "kernels_jvm-simd_smoke_attention.tex"), written.stream().map(p -> p.getFileName().toString()).toList());
        String md = Files.readString(dir.resolve("tables/kernels_jvm-simd_smoke_attention.md"));
        assertTrue(md.contains("| attn-shiftadd-simd | t_quick_L4-matmulattnv (5 × 5 × 8) | 2 × 16 |"), md);
        assertTrue(md.contains("equivalent MACs") && md.contains("× attn-fp32-simd") && md.contains("measured"), md);
        List<String> csv = Files.readAllLines(dir.resolve("tables/kernels_jvm-simd_smoke_attention.csv"));
        assertEquals(7, csv.size(), "a header and six rows");
        assertTrue(csv.get(0).startsWith("profile,mode,kernel,reference,exact,shape,heads,batch,problems,n,m,d,exponent_bits,"
                + "value_bits,time_us,time_error_us,gmac_per_s,speedup_over_attn_fp32_simd,"), csv.get(0));
    }

    @Test
    void attentionShapesOfDifferentCodesAreNotTimedTogether() {
        ModelGemmShapes.AttentionShape four = attention(4, 1, 3, 4);
        ModelGemmShapes.AttentionShape three = new ModelGemmShapes.AttentionShape("t_quick_L5-matmulattnv", "t", Budget.QUICK,
                four.layer(), 1, new org.qbench.hardware.kernel.ShiftAddShape(3, 3, 4, 3, ModelGemmShapes.ATTENTION_VALUES));
        assertThrows(IllegalArgumentException.class,
                () -> KernelBench.runAttention(List.of("attn-shiftadd-simd"), List.of(four, three), KernelBench.Mode.SMOKE));
        assertThrows(IllegalArgumentException.class,
                () -> KernelBench.runAttention(List.of("int8-simd"), List.of(four), KernelBench.Mode.SMOKE));
        assertThrows(IllegalArgumentException.class,
                () -> KernelBench.runAttention(List.of("attn-shiftadd-simd"), List.of(), KernelBench.Mode.SMOKE));
    }
}
