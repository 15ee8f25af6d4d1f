package org.qbench.harness.tables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.tables.TableWriter.Width;
import org.qbench.tasks.images.ImageFiles;
import org.qbench.tasks.images.RgbImage;
import org.qbench.tasks.metrics.ImageQuality;

/**
 * The pictures super-resolution papers print beside their tables, from the crops runs saved
 * ({@code <results>/<suite>/images/<runId>_{sr,hr}.png}): one strip per table group, {@code <base>_pictures.png},
 * the ground truth first, then one column per table row (in the tables' order) at that row's lowest bit width and
 * smallest seed with pictures, separated by {@value #GUTTER}-pixel white gutters; and {@code <base>_pictures.md},
 * the caption naming each column's method, bits, seed, run and the crop's own Y-PSNR against the ground truth.
 *
 * <p>The PNG holds no text: fonts differ between machines and tables must regenerate byte-identically, so every
 * word is in the caption. A cell whose run saved no pictures is left out; a group with none writes nothing.
 */
final class PictureStrip {

    /** Width of the white band between columns, in pixels. */
    static final int GUTTER = 4;
    /** The run's output crop. */
    static final String SR = "sr";
    /** The same crop of the ground truth. */
    static final String HR = "hr";

    private static final Pattern SCALE = Pattern.compile("-x(\\d+)$");
    private static final int PSNR_DECIMALS = 2;

    private PictureStrip() {}

    /**
     * One column after the ground truth: a table row's picture.
     *
     * @param variant the row's label as the tables print it, e.g. {@code quantsr (dqa=false)}
     * @param width the cell's bit widths
     * @param run the run the picture comes from
     * @param sr the run's output crop
     * @param hr the run's ground-truth crop
     */
    record Column(String variant, Width width, RunResult run, RgbImage sr, RgbImage hr) {}

    /**
     * Writes the strip and its caption of one table group and returns their paths, or nothing when no run of the
     * group saved pictures.
     *
     * @param base the group's table base name, without subset ({@code survey-sr_sr-x4_quick_firstlast-fp32})
     * @param runs the group's current runs (any order)
     * @param store where the runs saved their pictures
     * @param outDir the tables folder
     * @throws IllegalArgumentException in one line when the shown runs' ground truths differ (naming both runs)
     *     or a picture does not match its ground truth's size
     */
    static List<Path> write(String base, List<RunResult> runs, ResultStore store, Path outDir) throws IOException {
        List<Column> columns = columns(runs, store);
        if (columns.isEmpty()) {
            return List.of();
        }
        Column first = columns.get(0);
        for (Column c : columns) {
            if (!samePixels(c.hr(), first.hr())) {
                throw new IllegalArgumentException(base + ": the hr pictures of runs " + first.run().runId() + " and "
                        + c.run().runId() + " differ (" + difference(first.hr(), c.hr())
                        + "): they did not crop the same test image, so one strip cannot show both");
            }
            if (c.sr().height() != c.hr().height() || c.sr().width() != c.hr().width()) {
                throw new IllegalArgumentException(base + ": the sr picture of run " + c.run().runId() + " is "
                        + describe(c.sr()) + ", its hr picture " + describe(c.hr()));
            }
        }
        int scale = scale(first.run());
        List<Path> written = new ArrayList<>();
        Path png = outDir.resolve(base + "_pictures.png");
        ImageFiles.writePng(strip(first.hr(), columns.stream().map(Column::sr).toList()), png);
        written.add(png);
        written.add(TableWriter.write(outDir.resolve(base + "_pictures.md"), caption(columns, scale)));
        return written;
    }

    /**
     * The columns after the ground truth, in the tables' row order: per row, its lowest bit width (the cell is
     * left out when no run there saved both pictures), the smallest seed whose run saved both.
     */
    static List<Column> columns(List<RunResult> runs, ResultStore store) {
        Map<String, TreeMap<Width, List<RunResult>>> rows = new TreeMap<>();
        runs.stream().filter(RunResult::ok).forEach(r -> rows.computeIfAbsent(r.spec().variant(), v -> new TreeMap<>())
                .computeIfAbsent(Width.of(r), w -> new ArrayList<>()).add(r));
        List<Column> columns = new ArrayList<>();
        for (String variant : TableWriter.methodOrder(rows.keySet())) {
            var lowest = rows.get(variant).firstEntry();
            lowest.getValue().stream()
                    .sorted(Comparator.comparingLong((RunResult r) -> r.spec().seed()).thenComparing(RunResult::runId))
                    .map(r -> column(variant, lowest.getKey(), r, store)).flatMap(Optional::stream).findFirst()
                    .ifPresent(columns::add);
        }
        return columns;
    }

    private static Optional<Column> column(String variant, Width width, RunResult run, ResultStore store) {
        Path sr = store.imagePath(run.provenance().suite(), run.runId(), SR);
        Path hr = store.imagePath(run.provenance().suite(), run.runId(), HR);
        if (!Files.isRegularFile(sr) || !Files.isRegularFile(hr)) {
            return Optional.empty();
        }
        return Optional.of(new Column(variant, width, run, ImageFiles.read(sr, 1), ImageFiles.read(hr, 1)));
    }

    /**
     * The ground truth and the outputs side by side, left to right, {@value #GUTTER} white pixels between: a picture
     * of the ground truth's height and {@code n * width + (n - 1) * GUTTER} columns for {@code n} pictures in all.
     */
    static RgbImage strip(RgbImage hr, List<RgbImage> outputs) {
        List<RgbImage> all = new ArrayList<>();
        all.add(hr);
        all.addAll(outputs);
        int h = hr.height();
        int w = hr.width();
        int width = all.size() * w + (all.size() - 1) * GUTTER;
        byte[] rgb = new byte[3 * h * width];
        Arrays.fill(rgb, (byte) 0xFF);
        for (int i = 0; i < all.size(); i++) {
            int x0 = i * (w + GUTTER);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(all.get(i).rgb(), (c * h + y) * w, rgb, (c * h + y) * width + x0, w);
                }
            }
        }
        return new RgbImage("pictures", h, width, rgb);
    }

    private static String caption(List<Column> columns, int scale) {
        Column first = columns.get(0);
        RunResult run = first.run();
        RgbImage hr = first.hr();
        String set = run.metrics().stream().map(m -> m.subsetOrEmpty()).filter(s -> !s.isEmpty()).findFirst()
                .map(s -> "the first test image of " + s).orElse("the first test image");
        StringBuilder md = new StringBuilder();
        md.append("# ").append(run.spec().task()).append(": pictures, ").append(run.provenance().suite()).append(", ")
                .append(run.spec().budget()).append(" budget\n\n");
        // A super-resolution task saves a crop of its first test image; any other task (low-light video: the middle
        // frame of the first test clip through a fixed simple ISP) a whole preview, measured without a border.
        String what = scale > 0 ? "the central " + hr.width() + "x" + hr.height() + " crop of " + set
                : "the " + hr.width() + "x" + hr.height() + " sRGB preview the task saves of " + set.replace("image",
                        "sample");
        md.append("Left to right, ").append(GUTTER).append("-pixel white gutters between: ").append(what)
                .append(", ground truth first, then each method's output at the lowest bit width the suite ran it at "
                        + "(the smallest seed with pictures). ")
                .append(scale > 0 ? "Y-PSNR is the crop's own against the ground truth, measured as the task measures"
                        + " (Y channel, border " + scale + " px)"
                        : "Y-PSNR is the picture's own against the ground truth, on the 8-bit preview (Y channel, whole"
                        + " picture), not the task's metric")
                .append(": not the table's mean over the test set.\n\n");
        md.append("| column | method | bits | seed | run | Y-PSNR (dB) |\n");
        md.append("|---:|---|---|---:|---|---:|\n");
        md.append("| 1 | ").append(scale > 0 ? "HR (ground truth)" : "ground truth").append(" | — | — | `").append(run.runId()).append("` | — |\n");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            double psnr = ImageQuality.onLuma(c.sr(), c.hr(), scale)[0];
            md.append("| ").append(i + 2).append(" | ").append(c.variant()).append(" | ").append(c.width().label())
                    .append(" | ").append(c.run().spec().seed()).append(" | `").append(c.run().runId()).append("` | ")
                    .append(Double.isInfinite(psnr) ? "∞" : String.format(Locale.ROOT, "%." + PSNR_DECIMALS + "f", psnr))
                    .append(" |\n");
        }
        md.append("\n- suite: `").append(run.provenance().suite()).append("`, task: `").append(run.spec().task())
                .append("`, budget: `").append(run.spec().budget()).append("`, first/last layers: `")
                .append(run.spec().firstLast()).append("`\n");
        md.append("- the ground truth is the hr picture every shown run saved (checked identical)\n");
        return md.toString();
    }

    /**
     * The Y-PSNR's border: a super-resolution task's scale, from its id ({@code sr-x4}), as the task crops it; 0 for
     * any other task (a low-light preview is measured whole).
     */
    private static int scale(RunResult run) {
        Matcher m = SCALE.matcher(run.spec().task());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Equal size and pixels (names differ: a picture read back is named after its file). */
    private static boolean samePixels(RgbImage a, RgbImage b) {
        return a.height() == b.height() && a.width() == b.width() && Arrays.equals(a.rgb(), b.rgb());
    }

    private static String difference(RgbImage a, RgbImage b) {
        if (a.height() != b.height() || a.width() != b.width()) {
            return describe(a) + " vs " + describe(b);
        }
        int differ = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            differ += a.rgb()[i] != b.rgb()[i] ? 1 : 0;
        }
        return differ + " of " + a.rgb().length + " samples of " + describe(a);
    }

    private static String describe(RgbImage image) {
        return image.width() + "x" + image.height() + " px";
    }
}
