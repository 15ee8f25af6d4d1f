package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.LayerCost;

/**
 * The cost summary's comparison with the full-precision baseline, on a three-layer fixture shaped like the SR
 * suite: a bicubic row first (no layers), then fp32, then W2A2 with the head and tail kept in full precision.
 */
class CostTableTest {

    private static final String NETWORK = "three-layer fixture, at a 16x16 output";

    @TempDir
    Path dir;

    /**
     * Head and tail 100 weights and 1000 MACs each, body 800 weights and 6000 MACs; no biases, no quantizer
     * parameters. FP32: 32 000 bits, 8 000 OPs. W2A2 body: 800 · 2 = 1 600 bits, 6 000 · 2 · 2 / 64 = 375 OPs.
     */
    private static CostBreakdown network(int bodyBits) {
        long bodyOps = bodyBits == 32 ? 6000 : 6000L * bodyBits * bodyBits / 64;
        return new CostBreakdown(NETWORK, List.of(
                new LayerCost(1, "conv 3x3 s1", "first", "4x3x3x3", 32, 32, 100, 3200, 1000, 1000L * 32 * 32, 1000),
                new LayerCost(2, "conv 3x3 s1", "hidden", "4x4x5x10", bodyBits, bodyBits, 800, 800L * bodyBits, 6000,
                        6000L * bodyBits * bodyBits, bodyOps),
                new LayerCost(3, "conv 3x3 s1", "last", "3x4x3x3", 32, 32, 100, 3200, 1000, 1000L * 32 * 32, 1000)),
                0, 0);
    }

    private static final CostTable.Entry BICUBIC = new CostTable.Entry("bicubic", 32, "fp32",
            new CostBreakdown("bicubic interpolation, no parameters", List.of(), 0, 0));
    private static final CostTable.Entry FP32 = new CostTable.Entry("fp32", 32, "fp32", network(32));
    private static final CostTable.Entry W2A2 = new CostTable.Entry("lsq", 2, "fp32", network(2));

    private String markdown(List<CostTable.Entry> entries) throws IOException {
        CostTable.write("fixture", "sr-x4", "quick", entries, dir);
        return Files.readString(dir.resolve("fixture_sr-x4_quick_cost.md"));
    }

    @Test
    void theBaselineIsTheFp32NetworkNotTheBicubicRowBeforeIt() {
        assertEquals(FP32, CostTable.baseline(List.of(BICUBIC, FP32, W2A2)).orElseThrow());
        assertEquals(FP32, CostTable.baseline(List.of(BICUBIC, W2A2, FP32)).orElseThrow());
        assertTrue(CostTable.baseline(List.of(BICUBIC, W2A2)).isEmpty(), "bicubic costs nothing: no baseline");
    }

    @Test
    void reductionsFollowTheClosedForm() throws IOException {
        String md = markdown(List.of(BICUBIC, FP32, W2A2));
        // OPs: 1000 + 375 + 1000 = 2375 of 8000, 8000 / 2375 = 3.37 fewer, 100 · (2375 − 8000) / 8000 = −70.3 %;
        // size: 3200 + 1600 + 3200 = 8000 of 32 000 bits, −75.0 %.
        assertTrue(md.contains("| lsq W2A2 | fp32 | 1000 | 0.98 | 0.008 | 0.002 | 0.002 | 3.37 | −70.3 % | −75.0 % |"),
                md);
        assertTrue(md.contains("| fp32 FP32 | — | 1000 | 3.91 | 0.008 | 0.008 | 0.008 | 1.00 | 0.0 % | 0.0 % |"), md);
        String tex = Files.readString(dir.resolve("fixture_sr-x4_quick_cost.tex"));
        assertTrue(tex.contains("3.37 & $-$70.3 \\% & $-$75.0 \\% \\\\"), tex);
    }

    @Test
    void aRowWithNoNetworkShowsDashes() throws IOException {
        String md = markdown(List.of(BICUBIC, FP32, W2A2));
        assertTrue(md.contains("| bicubic FP32 | — | 0 | 0.00 | 0.000 | 0.000 | 0.000 | — | — | — |"), md);
        assertTrue(md.contains("— marks a model with no network."), md);
    }

    @Test
    void theSentenceUnderTheTableNamesTheBaseline() throws IOException {
        String md = markdown(List.of(BICUBIC, FP32, W2A2));
        assertTrue(md.contains(
                "\nReductions relative to fp32 FP32, the same network with every layer in full precision: "), md);
        assertTrue(md.contains("its OPs (0.008 M) and size (3.91 KiB)"), md);
    }

    @Test
    void theModelDescribedIsTheNetworkNotTheFirstEntrys() throws IOException {
        String md = markdown(List.of(BICUBIC, FP32, W2A2));
        assertTrue(md.contains("(not measured, not reported): " + NETWORK + ", one image of task `sr-x4`"), md);
        assertFalse(md.contains("bicubic interpolation"), md);
    }

    @Test
    void noPerLayerTableForAnEntryWithoutLayers() throws IOException {
        String md = markdown(List.of(BICUBIC, FP32, W2A2));
        assertFalse(md.contains("# bicubic FP32"), md);
        assertTrue(md.contains("# fp32 FP32 (first/last —): cost per layer"), md);
        assertTrue(md.contains("# lsq W2A2 (first/last fp32): cost per layer"), md);
        assertTrue(md.contains("Per-layer tables follow for every model with a network."), md);
        String csv = Files.readString(dir.resolve("fixture_sr-x4_quick_cost.csv"));
        assertTrue(csv.contains("fixture,sr-x4,quick,bicubic,32,fp32,total,,,,,,0,0,0,0,0,"),
                "the CSV keeps every model: " + csv);
    }

    @Test
    void withoutABaselineTheComparisonColumnsStayEmpty() throws IOException {
        String md = markdown(List.of(W2A2));
        assertTrue(md.contains("| lsq W2A2 | fp32 | 1000 | 0.98 | 0.008 | 0.002 | 0.002 |  |  |  |"), md);
        assertFalse(md.contains("Reductions relative to"), md);
    }

    @Test
    void changeIsSignedWithATrueMinusAndRoundsToZeroWithoutASign() {
        assertEquals("−25.0 %", CostTable.change(3, 4));
        assertEquals("+25.0 %", CostTable.change(5, 4));
        assertEquals("0.0 %", CostTable.change(4, 4));
        assertEquals("0.0 %", CostTable.change(99_999, 100_000), "−0.001 % rounds to 0.0 %, not −0.0 %");
    }

    /** A larger full-precision network, as a suite's {@code fp32 (network=unet)} variant builds. */
    private static final CostTable.Entry UNET = new CostTable.Entry("fp32", "fp32 (network=unet)", 32, "fp32",
            new CostBreakdown("a larger fixture", List.of(
                    new LayerCost(1, "conv 3x3 s1", "first", "8x3x3x3", 32, 32, 200, 6400, 2000, 2000L * 32 * 32, 2000)), 0, 0));

    @Test
    void eachVariantOfAMethodHasItsRowAndThePlainFp32StaysTheBaseline() throws IOException {
        assertEquals(FP32, CostTable.baseline(List.of(UNET, FP32, W2A2)).orElseThrow(), "the plain fp32, though listed second");
        assertEquals(UNET, CostTable.baseline(List.of(UNET, W2A2)).orElseThrow(), "an fp32 variant when there is no plain one");
        String md = markdown(List.of(UNET, FP32, W2A2));
        assertTrue(md.contains("| fp32 (network=unet) FP32 | — | 200 |"), md);
        assertTrue(md.contains("| fp32 FP32 | — | 1000 |"), md);
        assertTrue(md.contains("# fp32 (network=unet) FP32 (first/last —): cost per layer"), md);
        assertTrue(md.contains("Reductions relative to fp32 FP32,"), md);
        String csv = Files.readString(dir.resolve("fixture_sr-x4_quick_cost.csv"));
        assertTrue(csv.contains("fixture,sr-x4,quick,fp32 (network=unet),32,fp32,total,,,,,,200,6400,2000,"), csv);
        assertTrue(csv.contains("fixture,sr-x4,quick,fp32,32,fp32,total,,,,,,1000,32000,8000,"), csv);
    }
}
