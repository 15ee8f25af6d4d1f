package org.qbench.harness.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plots: the Pareto front in closed form, byte-stable output (in this JVM and a fresh one), the SVG's text, error
 * bars, and a golden file.
 *
 * <p>The golden file {@code src/test/resources/plots/small_bits.svg.golden} is the SVG of {@link #small()} with
 * every geometry number replaced by {@code #} and every path's data by {@code …} (see {@link #fontIndependent}):
 * XChart draws text as glyph outlines and lays the chart out by the text's size, so the raw SVG follows the
 * fonts installed on the machine, and a byte-for-byte golden would fail elsewhere. What is left (the elements
 * in drawing order, their colours and strokes, the title and the description with every number) does not
 * depend on fonts. To regenerate it after a deliberate change: {@code mvn -pl harness test
 * -Dtest=MetricPlotsTest -Dgolden.update=true}.
 */
class MetricPlotsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/plots");
    private static final List<String> SUFFIXES = List.of("_bits.svg", "_bits.png", "_bops.svg", "_bops.png");

    @TempDir
    Path dir;

    private static PlotPoint pt(String series, int bits, double bops, double mean) {
        return new PlotPoint(series, bits, bops, mean, Double.NaN, 1);
    }

    /** BOPs of a model with 41M multiply-accumulates at W{bits}A{bits}. */
    private static double bops(int bits) {
        return 41e6 * bits * bits;
    }

    /** A typical survey table: full precision, three methods, three seeds, one single-seed cell. */
    static PlotData typical() {
        List<PlotPoint> p = new ArrayList<>();
        p.add(new PlotPoint("fp32", 32, bops(32), 91.84, 0.21, 3));
        p.add(new PlotPoint("lsq", 2, bops(2), 88.12, 0.45, 3));
        p.add(new PlotPoint("lsq", 3, bops(3), 90.40, 0.30, 3));
        p.add(new PlotPoint("lsq", 4, bops(4), 91.35, 0.18, 3));
        p.add(new PlotPoint("lsq", 8, bops(8), 91.80, 0.12, 3));
        p.add(new PlotPoint("pact", 2, bops(2), 84.70, 1.10, 3));
        p.add(new PlotPoint("pact", 4, bops(4), 90.95, 0.25, 3));
        p.add(new PlotPoint("pact", 8, bops(8), 91.70, Double.NaN, 1));
        p.add(new PlotPoint("n2uq", 2, bops(2), 88.76, 0.57, 3));
        p.add(new PlotPoint("n2uq", 3, bops(3), 90.55, 0.33, 3));
        p.add(new PlotPoint("n2uq", 4, bops(4), 91.20, 0.20, 3));
        return new PlotData("survey-cls · cls-cifar10 · full", "top-1 accuracy", "%", true, p,
                "cls-cifar10 (CIFAR-10 test split), budget full, seeds 0-2, commit 410b5b5.");
    }

    /** The golden file's data: two series, one point without a std. */
    static PlotData small() {
        return new PlotData("golden", "top-1 error", "%", false, List.of(
                new PlotPoint("fp32", 32, 1024, 8.0, 0.5, 3),
                new PlotPoint("lsq", 2, 4, 15.0, Double.NaN, 1),
                new PlotPoint("lsq", 4, 16, 10.0, 1.0, 2)), "tiny fixed data");
    }

    // --- Pareto front --------------------------------------------------------------------------------------

    @Test
    void paretoFrontKeepsTheUndominatedPointsWhenHigherIsBetter() {
        PlotPoint a = pt("a", 2, 1, 80);
        PlotPoint b = pt("b", 4, 2, 85);
        PlotPoint c = pt("c", 8, 3, 84); // costlier and worse than b
        PlotPoint d = pt("d", 32, 4, 90);
        List<PlotPoint> points = new ArrayList<>(List.of(d, c, b, a));
        assertEquals(List.of(a, b, d), MetricPlots.paretoFront(points, true));
        Collections.shuffle(points, new Random(7));
        assertEquals(List.of(a, b, d), MetricPlots.paretoFront(points, true), "order of the input does not matter");
    }

    @Test
    void paretoFrontFlipsWhenLowerIsBetter() {
        PlotPoint a = pt("a", 2, 1, 20);
        PlotPoint b = pt("b", 4, 2, 15);
        PlotPoint c = pt("c", 8, 3, 16);
        PlotPoint d = pt("d", 32, 4, 10);
        assertEquals(List.of(a, b, d), MetricPlots.paretoFront(List.of(a, b, c, d), false));
        // The same points read the other way round: only the cheapest survives, nothing costlier is better.
        assertEquals(List.of(a), MetricPlots.paretoFront(List.of(a, b, c, d), true));
    }

    @Test
    void paretoFrontTies() {
        PlotPoint a = pt("a", 4, 10, 90);
        PlotPoint b = pt("b", 4, 10, 90); // identical to a: neither dominates, both kept, ordered by series
        PlotPoint c = pt("c", 4, 10, 89); // same BOPs, worse: dominated
        PlotPoint d = pt("d", 8, 20, 90); // same metric, costlier: dominated
        PlotPoint e = pt("e", 2, 5, 70);
        assertEquals(List.of(e, a, b), MetricPlots.paretoFront(List.of(d, c, b, a, e), true));
        assertEquals(List.of(e), MetricPlots.paretoFront(List.of(d, c, b, a, e), false));
    }

    @Test
    void paretoFrontOfOneOrNoPoint() {
        PlotPoint a = pt("a", 4, 10, 90);
        assertEquals(List.of(a), MetricPlots.paretoFront(List.of(a), true));
        assertEquals(List.of(a), MetricPlots.paretoFront(List.of(a), false));
        assertEquals(List.of(), MetricPlots.paretoFront(List.of(), true));
    }

    @Test
    void paretoFrontOfTheTypicalData() {
        List<String> front = MetricPlots.paretoFront(typical().points(), true).stream()
                .map(p -> p.series() + "@" + p.bits()).toList();
        assertEquals(List.of("n2uq@2", "n2uq@3", "lsq@4", "lsq@8", "fp32@32"), front);
    }

    // --- files -----------------------------------------------------------------------------------------------

    @Test
    void writesFourFilesOfTheFixedSize() throws IOException {
        List<Path> written = MetricPlots.write(typical(), dir, "typical");
        assertEquals(SUFFIXES.stream().map(s -> dir.resolve("typical" + s)).toList(), written);
        for (Path p : written) {
            if (p.toString().endsWith(".png")) {
                BufferedImage image = ImageIO.read(p.toFile());
                assertEquals(MetricPlots.WIDTH, image.getWidth());
                assertEquals(MetricPlots.HEIGHT, image.getHeight());
            } else {
                String svg = Files.readString(p, StandardCharsets.UTF_8);
                String root = svg.substring(svg.indexOf("<svg"), svg.indexOf('>', svg.indexOf("<svg")));
                assertTrue(root.contains(" width=\"" + MetricPlots.WIDTH + "px\"") && root.contains(" height=\"" + MetricPlots.HEIGHT + "px\""), root);
            }
        }
    }

    @Test
    void writingTwiceGivesIdenticalBytes() throws IOException {
        List<Path> a = MetricPlots.write(typical(), dir.resolve("a"), "typical");
        List<Path> b = MetricPlots.write(typical(), dir.resolve("b"), "typical");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).getFileName() + " differs");
        }
    }

    @Test
    void aFreshJvmWritesIdenticalBytes() throws Exception {
        List<Path> here = MetricPlots.write(typical(), dir.resolve("here"), "typical");
        Path there = dir.resolve("there");
        // No java.awt.headless on the command line: MetricPlots must set it itself.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PlotsFork.class.getName(), there.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "forked JVM did not finish");
        assertEquals(0, p.exitValue(), output);
        for (Path h : here) {
            assertArrayEquals(Files.readAllBytes(h), Files.readAllBytes(there.resolve(h.getFileName())),
                    h.getFileName() + " differs between JVMs");
        }
    }

    @Test
    void pngHoldsNoMetadataChunks() throws IOException {
        List<Path> written = MetricPlots.write(typical(), dir, "typical");
        for (Path p : written.stream().filter(x -> x.toString().endsWith(".png")).toList()) {
            List<String> chunks = pngChunks(p);
            assertEquals("IHDR", chunks.get(0));
            assertEquals("IEND", chunks.get(chunks.size() - 1));
            assertTrue(chunks.stream().allMatch(c -> c.equals("IHDR") || c.equals("IDAT") || c.equals("IEND")),
                    p.getFileName() + ": " + chunks);
        }
    }

    private static List<String> pngChunks(Path png) throws IOException {
        List<String> chunks = new ArrayList<>();
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(8);
            while (true) {
                int length = data.readInt();
                byte[] type = data.readNBytes(4);
                chunks.add(new String(type, StandardCharsets.US_ASCII));
                data.skipNBytes(length + 4L);
                if (chunks.get(chunks.size() - 1).equals("IEND")) {
                    return chunks;
                }
            }
        }
    }

    @Test
    void svgNamesSeriesAxesAndNumbersAsText() throws IOException {
        MetricPlots.write(typical(), dir, "typical");
        String bits = Files.readString(dir.resolve("typical_bits.svg"), StandardCharsets.UTF_8);
        String bops = Files.readString(dir.resolve("typical_bops.svg"), StandardCharsets.UTF_8);
        for (String svg : List.of(bits, bops)) {
            assertTrue(svg.contains("<title>survey-cls · cls-cifar10 · full: top-1 accuracy vs "), svg.substring(0, 600));
            String desc = svg.substring(svg.indexOf("<desc>"), svg.indexOf("</desc>"));
            for (String s : List.of("series: fp32, lsq, pact, n2uq", "y: top-1 accuracy (%)", "Measured (qbench)",
                    "commit 410b5b5", "lsq, 2, 1.64E8, 88.12, 0.45, 3", "pact, 8, 2.624E9, 91.7, NaN, 1")) {
                assertTrue(desc.contains(s), "missing '" + s + "' in " + desc);
            }
            assertFalse(Pattern.compile("=\"[^\"]*(NaN|Infinity)").matcher(svg).find(), "a non-finite coordinate");
        }
        assertTrue(bits.contains("x: bit width (FP32 = full precision)"));
        assertTrue(bops.contains("x: bit operations per sample (BOPs), log scale"));
        assertTrue(bops.contains("series: fp32, lsq, pact, n2uq, Pareto front"));
        assertTrue(bops.contains("Pareto front: n2uq@2 n2uq@3 lsq@4 lsq@8 fp32@FP32"));
        assertFalse(bits.contains("Pareto"), "the bit-width plot has no Pareto front");
        assertTrue(bits.contains("id=\"clip1\""), "clip ids renumbered");
        assertFalse(Pattern.compile("clip-\\d|clip\\d{4,}").matcher(bits + bops).find(), "a hash-code clip id is left");
    }

    @Test
    void aNanStdDrawsNoErrorBar() throws IOException {
        // Error bars are three bevel-joined lines (bar, two caps) in the series' colour; the first series is blue.
        Pattern bar = Pattern.compile("<line [^>]*style=\"fill:none;stroke:rgb\\(0,114,178\\);stroke-miterlimit:10;stroke-linejoin:bevel;\"");
        List<PlotPoint> withStd = List.of(new PlotPoint("m", 2, 4, 80, 1.0, 3), new PlotPoint("m", 4, 16, 85, 0.5, 3),
                new PlotPoint("m", 8, 64, 86, 0.2, 3));
        List<PlotPoint> oneNan = List.of(withStd.get(0), new PlotPoint("m", 4, 16, 85, Double.NaN, 1), withStd.get(2));
        List<PlotPoint> allNan = withStd.stream().map(p -> new PlotPoint("m", p.bits(), p.bops(), p.mean(), Double.NaN, 1)).toList();
        assertEquals(9, count(bar, svgOf(withStd, "with")));
        assertEquals(6, count(bar, svgOf(oneNan, "one")));
        assertEquals(0, count(bar, svgOf(allNan, "all")));
        assertTrue(Files.size(dir.resolve("all_bops.png")) > 0);
    }

    private String svgOf(List<PlotPoint> points, String base) throws IOException {
        MetricPlots.write(new PlotData("t", "acc", "%", true, points, ""), dir, base);
        return Files.readString(dir.resolve(base + "_bits.svg"), StandardCharsets.UTF_8);
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void oneWidthAndOnePointStillPlot() throws IOException {
        List<Path> written = MetricPlots.write(new PlotData("one", "acc", "", true, List.of(pt("fp32", 32, 1e9, 90)), null),
                dir, "one");
        assertEquals(4, written.size());
        String svg = Files.readString(written.get(0), StandardCharsets.UTF_8);
        assertTrue(svg.contains("y: acc\n"), "no unit: the metric alone");
    }

    @Test
    void badInputIsRefusedClearly() {
        PlotData empty = new PlotData("empty", "acc", "%", true, List.of(), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricPlots.write(empty, dir, "x"));
        assertTrue(e.getMessage().contains("no points"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricPlots.write(typical(), dir, "a/b"));
        assertThrows(IllegalArgumentException.class, () -> MetricPlots.write(typical(), dir, " "));
        assertThrows(IllegalArgumentException.class,
                () -> new PlotData("dup", "acc", "%", true, List.of(pt("a", 4, 1, 1), pt("a", 4, 2, 2)), ""));
        assertThrows(IllegalArgumentException.class, () -> pt("a", 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> pt("a", 4, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> pt("a", 33, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PlotPoint("a", 4, 1, 1, -1, 3));
        assertThrows(IllegalArgumentException.class, () -> new PlotPoint("a", 4, 1, 1, Double.NaN, 0));
    }

    @Test
    void longCaptionsWrapToThreeLinesAndEndInAnEllipsis() {
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10);
        java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, false, true);
        List<String> lines = MetricPlots.wrap("word ".repeat(400), font, frc, 300, 3);
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).endsWith(" \u2026"));
        assertEquals(List.of("a b c"), MetricPlots.wrap("a b c", font, frc, 300, 3));
    }

    // --- golden ----------------------------------------------------------------------------------------------

    @Test
    void svgMatchesTheGoldenFileApartFromFontMetrics() throws IOException {
        MetricPlots.write(small(), dir, "small");
        for (String name : List.of("small_bits.svg", "small_bops.svg")) {
            String actual = Svgs.fontIndependent(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
            Path golden = GOLDEN.resolve(name + ".golden");
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                    "differs from " + golden + " (regenerate with -Dgolden.update=true if the change is deliberate)");
        }
    }
}
