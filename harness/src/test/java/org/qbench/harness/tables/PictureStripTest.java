package org.qbench.harness.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.TestResults;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Tasks;
import org.qbench.tasks.images.ImageFiles;
import org.qbench.tasks.images.RgbImage;

/**
 * The super-resolution picture strip written with the tables: a fake grid of sr-x4 results whose runs saved
 * pictures whose Y-PSNR against the ground truth is known in closed form.
 */
class PictureStripTest {

    private static final String SUITE = "pic-sr";
    private static final String BASE = SUITE + "_sr-x4_quick_firstlast-fp32";
    private static final int SIDE = 24;

    @TempDir
    Path dir;

    private ResultStore store;
    private RunResult fp32Seed0;
    private RunResult fp32Seed1;
    private RunResult quantsr2;
    private RunResult quantsr4;
    private RunResult noDqa2;
    private RunResult bicubic;
    private RunResult pams2;

    private static RunSpec spec(String method, int bits, long seed) {
        return RunSpec.of("sr-x4", method, bits, seed, Budget.QUICK, FirstLastPrecision.FP32);
    }

    /** The ground truth: a smooth pattern in 20..235, so an offset of up to 20 never clips. */
    private static RgbImage hr() {
        byte[] rgb = new byte[3 * SIDE * SIDE];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    rgb[(c * SIDE + y) * SIDE + x] = (byte) (20 + (c * 60 + y * 5 + x * 3) % 196);
                }
            }
        }
        return new RgbImage("hr", SIDE, SIDE, rgb);
    }

    /** The ground truth with {@code offset} added to every sample. */
    private static RgbImage offset(RgbImage image, int offset) {
        byte[] rgb = image.rgb().clone();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) ((rgb[i] & 0xFF) + offset);
        }
        return new RgbImage("sr", image.height(), image.width(), rgb);
    }

    /**
     * Y-PSNR of an output that is the ground truth plus {@code d} in every channel: its Y is off by
     * {@code d (65.481 + 128.553 + 24.966) / 255^2 = 219 d / 65025} everywhere, with peak 1.
     */
    private static double psnr(int d) {
        return -20 * Math.log10(219.0 * d / 65025.0);
    }

    private RunResult saved(RunSpec spec, Integer offset) throws IOException {
        RunResult r = TestResults.ok(SUITE, spec, 0.0);
        store.write(r);
        if (offset != null) {
            ImageFiles.writePng(offset(hr(), offset), store.imagePath(SUITE, r.runId(), PictureStrip.SR));
            ImageFiles.writePng(hr(), store.imagePath(SUITE, r.runId(), PictureStrip.HR));
        }
        return r;
    }

    @BeforeEach
    void grid() throws IOException {
        store = new ResultStore(dir.resolve("results"));
        var quantsr = Methods.builtIn().get("quantsr");
        // seed 0 saved no pictures (an older run): the column is seed 1's
        fp32Seed0 = saved(spec("fp32", 32, 0), null);
        fp32Seed1 = saved(spec("fp32", 32, 1), 1);
        quantsr2 = saved(spec("quantsr", 2, 0), 5);
        quantsr4 = saved(spec("quantsr", 4, 0), 2); // not the lowest bit width: not shown
        noDqa2 = saved(spec("quantsr", 2, 0).withConfig(null, Map.of("dqa", false), quantsr, Tasks.builtIn().get("sr-x4")), 7);
        bicubic = saved(spec("bicubic", 32, 0), 3);
        pams2 = saved(spec("pams", 2, 0), null); // no pictures: left out
    }

    private List<Path> tables(Path out) {
        return TableWriter.write(store.readAll(), out, null, store);
    }

    @Test
    void theStripIsTheGroundTruthThenEachRowsLowestWidthSeparatedByWhiteGutters() throws IOException {
        List<String> names = tables(dir.resolve("out")).stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.contains(BASE + "_pictures.png") && names.contains(BASE + "_pictures.md"), names.toString());
        RgbImage strip = ImageFiles.read(dir.resolve("out").resolve(BASE + "_pictures.png"), 1);
        List<RgbImage> expected = List.of(hr(), offset(hr(), 3), offset(hr(), 1), offset(hr(), 5), offset(hr(), 7));
        assertEquals(SIDE, strip.height());
        assertEquals(expected.size() * SIDE + (expected.size() - 1) * PictureStrip.GUTTER, strip.width());
        for (int i = 0; i < expected.size(); i++) {
            int x0 = i * (SIDE + PictureStrip.GUTTER);
            assertTrue(samePixels(expected.get(i), strip.crop(0, x0, SIDE, SIDE)), "column " + (i + 1));
            if (i > 0) {
                RgbImage gutter = strip.crop(0, x0 - PictureStrip.GUTTER, SIDE, PictureStrip.GUTTER);
                for (byte b : gutter.rgb()) {
                    assertEquals(255, b & 0xFF, "gutter before column " + (i + 1) + " is white");
                }
            }
        }
    }

    @Test
    void theCaptionListsTheColumnsInTableOrderWithTheirCropsYPsnr() throws IOException {
        tables(dir.resolve("out"));
        String md = Files.readString(dir.resolve("out").resolve(BASE + "_pictures.md"));
        Matcher rows = Pattern.compile("(?m)^\\| (\\d+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\| `([0-9a-f]+)` \\| ([^|]+) \\|$")
                .matcher(md);
        List<List<String>> found = new ArrayList<>();
        List<String> psnrs = new ArrayList<>();
        while (rows.find()) {
            found.add(List.of(rows.group(1), rows.group(2), rows.group(3), rows.group(4), rows.group(5)));
            psnrs.add(rows.group(6));
        }
        // the tables' row order: registered methods in registration order (bicubic is registered first), variants after
        assertEquals(List.of(
                List.of("1", "HR (ground truth)", "—", "—", bicubic.runId()),
                List.of("2", "bicubic", "FP32", "0", bicubic.runId()),
                List.of("3", "fp32", "FP32", "1", fp32Seed1.runId()),
                List.of("4", "quantsr", "W2A2", "0", quantsr2.runId()),
                List.of("5", "quantsr (dqa=false)", "W2A2", "0", noDqa2.runId())), found, md);
        assertEquals("—", psnrs.get(0));
        int[] offsets = {3, 1, 5, 7};
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(psnr(offsets[i]), Double.parseDouble(psnrs.get(i + 1)), 0.0051, "column " + (i + 2) + "\n" + md);
        }
        assertFalse(md.contains(quantsr4.runId()) || md.contains(pams2.runId()) || md.contains(fp32Seed0.runId()), md);
        assertTrue(md.contains("central 24x24 crop") && md.contains("border 4 px"), md);
    }

    @Test
    void rewritingGivesTheSameBytesWhateverTheOrderOfResults() throws IOException {
        List<RunResult> shuffled = new ArrayList<>(store.readAll());
        Collections.shuffle(shuffled, new Random(7));
        TableWriter.write(store.readAll(), dir.resolve("a"), null, store);
        TableWriter.write(shuffled, dir.resolve("b"), null, store);
        for (String f : List.of(BASE + "_pictures.png", BASE + "_pictures.md")) {
            assertEquals(-1L, Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)), f);
        }
        TableWriter.write(store.readAll(), dir.resolve("a"), null, store); // over the first output
        assertEquals(-1L, Files.mismatch(dir.resolve("a").resolve(BASE + "_pictures.png"),
                dir.resolve("b").resolve(BASE + "_pictures.png")));
    }

    @Test
    void aGroundTruthThatDiffersIsAOneLineErrorNamingBothRuns() {
        ImageFiles.writePng(offset(hr(), 1), store.imagePath(SUITE, bicubic.runId(), PictureStrip.HR));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tables(dir.resolve("out")));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(BASE + ": the hr pictures of runs " + bicubic.runId() + " and "
                + fp32Seed1.runId() + " differ (1728 of 1728 samples of 24x24 px)"), e.getMessage());
    }

    @Test
    void withoutPicturesNothingIsWritten() throws IOException {
        List<Path> written = TableWriter.write(store.readAll(), dir.resolve("none"), null); // no store: no pictures
        assertTrue(written.stream().noneMatch(p -> p.toString().contains("_pictures")), written.toString());
        ResultStore bare = new ResultStore(dir.resolve("bare"));
        bare.write(fp32Seed0);
        bare.write(pams2);
        List<Path> none = TableWriter.write(bare.readAll(), dir.resolve("bare-out"), null, bare);
        assertTrue(none.stream().noneMatch(p -> p.toString().contains("_pictures")), none.toString());
        assertFalse(Files.exists(dir.resolve("bare-out").resolve(BASE + "_pictures.png")));
    }

    private static boolean samePixels(RgbImage a, RgbImage b) {
        return a.height() == b.height() && a.width() == b.width() && java.util.Arrays.equals(a.rgb(), b.rgb());
    }
}
