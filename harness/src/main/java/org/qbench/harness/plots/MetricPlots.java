package org.qbench.harness.plots;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.qbench.methods.MethodConfig;

/**
 * Writes the two plots of one {@link PlotData}: the metric against bit width ({@code <base>_bits}, one line per
 * series, full precision as {@code FP32} at the right, error bars of one std over seeds) and the metric against
 * bit operations ({@code <base>_bops}, log axis, one marker per point, the {@link #paretoFront Pareto front}
 * drawn through), each as SVG and PNG, with a caption saying the numbers are measured.
 *
 * <p>The files are byte-stable: the same data gives the same bytes run to run and JVM to JVM on one machine. The
 * canvas size, fonts (the logical {@link Font#SANS_SERIF}, which every JVM has), colours and markers (by series
 * order), number locale and rendering hints are fixed; the SVG's clip-path ids, which VectorGraphics2D derives
 * from the clip shape's hash code (an identity hash for {@code Area} clips), are renumbered in order; the SVG's
 * coordinates are rounded to 0.01 px; the PNG carries no time or other metadata chunk. Text is
 * drawn as glyph outlines (XChart's way), so the SVG renders the same in every viewer but its shapes and layout
 * follow the fonts the JVM finds: another machine may draw different bytes. The SVG's {@code <title>} and
 * {@code <desc>} carry the title, axes, series and every plotted number as text.
 */
public final class MetricPlots {

    static {
        // Plots are drawn off screen, on CI machines without a display too; an explicit setting wins.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Canvas width in pixels (the SVG's user units). */
    public static final int WIDTH = 800;
    /** Height of the chart proper; the caption strip below it makes up {@link #HEIGHT}. */
    static final int CHART_HEIGHT = 500;
    static final int CAPTION_LINES = 3;
    private static final int CAPTION_LINE_HEIGHT = 14;
    private static final int CAPTION_PAD = 10;
    /** Canvas height in pixels: the chart and a caption strip of up to {@value #CAPTION_LINES} lines. */
    public static final int HEIGHT = CHART_HEIGHT + CAPTION_LINES * CAPTION_LINE_HEIGHT + CAPTION_PAD;

    /** The legend entry of the Pareto front. */
    public static final String PARETO_FRONT = "Pareto front";

    /** The caption's first sentence on every plot: nothing reported is ever drawn. */
    static final String MEASURED = "Measured (qbench); no reported numbers are drawn.";

    // Okabe-Ito colours (told apart with colour-blindness too), black kept for the Pareto front; markers cycle
    // independently, so series 1 and 8 still differ.
    private static final Color[] COLOURS = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(102, 102, 102)};
    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN};
    private static final BasicStroke SERIES_LINE = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke FRONT_LINE =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Color INK = new Color(40, 40, 40);
    private static final Color CAPTION_INK = new Color(90, 90, 90);

    // Names of the series that only carry error bars (or fix the axis' ticks): never shown, never a method id.
    private static final String HIDDEN = "\u0001";

    private MetricPlots() {}

    /** The two plots of one data set. */
    enum Kind {
        BITS("bits"), BOPS("bops");

        final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * Writes {@code <base>_bits.svg}, {@code <base>_bits.png}, {@code <base>_bops.svg} and {@code <base>_bops.png}
     * and returns their paths in that order.
     *
     * @param data the measured points and labels
     * @param dir the folder to write into (created if needed)
     * @param base the file names' stem, without a folder
     * @throws IllegalArgumentException when there are no points, or {@code base} is blank or names a folder
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(PlotData data, Path dir, String base) {
        if (data.points().isEmpty()) {
            throw new IllegalArgumentException("nothing to plot for '" + data.title() + "': the data has no points");
        }
        if (seriesOrder(data).contains(PARETO_FRONT)) {
            throw new IllegalArgumentException("a series may not be called '" + PARETO_FRONT + "': the BOPs plot's legend uses it");
        }
        if (base == null || base.isBlank() || base.contains("/") || base.contains("\\")) {
            throw new IllegalArgumentException("plot file base must be a plain, non-blank name, got '" + base + "'");
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Kind kind : Kind.values()) {
                XYChart chart = chart(data, kind);
                String caption = caption(data, kind);
                Path svg = dir.resolve(base + "_" + kind.suffix + ".svg");
                Files.write(svg, svg(chart, caption, data, kind));
                written.add(svg);
                Path png = dir.resolve(base + "_" + kind.suffix + ".png");
                Files.write(png, png(chart, caption, data, kind));
                written.add(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plots under " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /**
     * The Pareto-optimal points in ascending BOPs: those no other point dominates, where a point dominates
     * another when its BOPs are lower or equal and its metric better or equal, at least one of the two strictly.
     * Points equal in both are all kept. Ties in BOPs (only possible between equal metrics) are ordered by series,
     * then bits.
     *
     * @param points the candidates (any order)
     * @param higherIsBetter whether a larger metric is better
     * @return the front, ascending BOPs; empty for no points
     */
    public static List<PlotPoint> paretoFront(List<PlotPoint> points, boolean higherIsBetter) {
        List<PlotPoint> front = new ArrayList<>();
        for (PlotPoint p : points) {
            boolean dominated = false;
            for (PlotPoint q : points) {
                boolean noCostlier = q.bops() <= p.bops();
                boolean noWorse = higherIsBetter ? q.mean() >= p.mean() : q.mean() <= p.mean();
                boolean strictly = q.bops() < p.bops() || q.mean() != p.mean();
                if (noCostlier && noWorse && strictly) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble(PlotPoint::bops).thenComparing(PlotPoint::series).thenComparingInt(PlotPoint::bits));
        return List.copyOf(front);
    }

    /** Series names in order of first appearance: the legend's order and the key to colours and markers. */
    static List<String> seriesOrder(PlotData data) {
        return List.copyOf(new LinkedHashSet<>(data.points().stream().map(PlotPoint::series).toList()));
    }

    /** The label of a bit width on the axis and in captions. */
    static String widthLabel(int bits) {
        return bits == MethodConfig.FULL_PRECISION_BITS ? "FP32" : Integer.toString(bits);
    }

    /** The XChart chart of one plot, series in {@link #seriesOrder} order, hidden helper series included. */
    static XYChart chart(PlotData data, Kind kind) {
        XYChart chart = new XYChart(WIDTH, CHART_HEIGHT);
        chart.setTitle(data.title());
        chart.setYAxisTitle(data.yLabel());
        style(chart.getStyler());
        List<Integer> widths = List.copyOf(new TreeSet<>(data.points().stream().map(PlotPoint::bits).toList()));
        ToDoubleFunction<PlotPoint> x;
        if (kind == Kind.BITS) {
            chart.setXAxisTitle("bit width");
            // Widths sit at evenly spaced positions 0..k-1 (FP32 last, as 32 is the largest), so the axis reads
            // as categories. XChart puts ticks only at the data's positions when those, with the axis' ends, are
            // evenly spaced in the order series are added: the first, hidden series lists every position.
            x = p -> widths.indexOf(p.bits());
            chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
                long i = Math.round(v);
                return i >= 0 && i < widths.size() && Math.abs(v - i) < 1e-9 ? widthLabel(widths.get((int) i)) : "";
            });
            double[] positions = new double[widths.size()];
            double[] anchorY = new double[widths.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i;
                anchorY[i] = data.points().get(0).mean();
            }
            hide(chart.addSeries(HIDDEN + "axis", positions, anchorY));
        } else {
            chart.setXAxisTitle("bit operations per sample (BOPs, log scale)");
            chart.getStyler().setXAxisLogarithmic(true);
            x = PlotPoint::bops;
        }
        // The y range is set, not left to XChart, so it covers the error bars and leaves room above the data
        // for the BOPs plot's width labels; both plots of a pair get the same range.
        double lo = data.points().stream().mapToDouble(p -> p.mean() - (p.hasStd() ? p.std() : 0)).min().orElseThrow();
        double hi = data.points().stream().mapToDouble(p -> p.mean() + (p.hasStd() ? p.std() : 0)).max().orElseThrow();
        double span = hi > lo ? hi - lo : Math.max(Math.abs(hi) * 0.1, 1);
        chart.getStyler().setYAxisMin(lo - 0.04 * span);
        chart.getStyler().setYAxisMax(hi + 0.1 * span);
        List<String> order = seriesOrder(data);
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            List<PlotPoint> pts = data.points().stream().filter(p -> p.series().equals(name))
                    .sorted(Comparator.comparingDouble(x)).toList();
            Color colour = COLOURS[i % COLOURS.length];
            XYSeries s = chart.addSeries(name, pts.stream().mapToDouble(x).toArray(),
                    pts.stream().mapToDouble(PlotPoint::mean).toArray());
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setMarker(MARKERS[i % MARKERS.length]);
            s.setLineStyle(kind == Kind.BITS ? SERIES_LINE : SeriesLines.NONE);
            // XChart draws a series' error bars at every point; one hidden single-point series per point with
            // a std draws its bar, so a NaN std simply has none (NaN would reach the SVG as coordinates).
            for (PlotPoint p : pts) {
                if (p.hasStd()) {
                    XYSeries bar = chart.addSeries(HIDDEN + name + "\u0001" + p.bits(), new double[] {x.applyAsDouble(p)},
                            new double[] {p.mean()}, new double[] {p.std()});
                    hide(bar);
                    bar.setLineColor(colour);
                }
            }
        }
        if (kind == Kind.BOPS) {
            List<PlotPoint> front = paretoFront(data.points(), data.higherIsBetter());
            XYSeries s = chart.addSeries(PARETO_FRONT, front.stream().mapToDouble(PlotPoint::bops).toArray(),
                    front.stream().mapToDouble(PlotPoint::mean).toArray());
            s.setLineColor(Color.BLACK);
            s.setLineStyle(FRONT_LINE);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static void hide(XYSeries s) {
        s.setShowInLegend(false);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.NONE);
    }

    private static void style(XYStyler s) {
        s.setLocale(Locale.ROOT); // tick labels: the same digits and separators whatever the machine's locale
        s.setAntiAlias(true);
        s.setBaseFont(TICK_FONT);
        s.setChartTitleFont(TITLE_FONT);
        s.setAxisTitleFont(AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setLegendFont(LEGEND_FONT);
        s.setAnnotationTextFont(CAPTION_FONT);
        s.setChartFontColor(INK);
        s.setAxisTickLabelsColor(INK);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(160, 160, 160));
        // Solid grid lines: XChart fills each grid line's stroked outline, and a dashed one becomes hundreds of
        // small rectangles (half the SVG's bytes).
        s.setPlotGridLinesColor(new Color(232, 232, 232));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleBoxVisible(false);
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setLegendBorderColor(new Color(200, 200, 200));
        s.setLegendBackgroundColor(Color.WHITE);
        s.setSeriesColors(COLOURS);
        s.setMarkerSize(8);
        s.setErrorBarsColorSeriesColor(true);
        s.setToolTipsEnabled(false);
        s.setCursorEnabled(false);
        s.setZoomEnabled(false);
    }

    /** The caption under a plot: the measured note, how to read the plot, then the data's footnote. */
    static String caption(PlotData data, Kind kind) {
        StringBuilder c = new StringBuilder(MEASURED);
        c.append(' ').append(data.higherIsBetter() ? "Higher is better." : "Lower is better.");
        c.append(" Error bars: \u00b11 std over seeds (none for a single seed).");
        if (kind == Kind.BOPS) {
            c.append(" Pareto front: the points no other point matches or beats in both BOPs and ").append(data.metric()).append('.');
        }
        if (!data.footnote().isBlank()) {
            c.append(' ').append(data.footnote().strip());
        }
        return c.toString();
    }

    /**
     * Paints the chart, on the BOPs plot a bit-width label above each column of points, and the caption strip,
     * on a canvas of {@link #WIDTH} x {@link #HEIGHT}.
     */
    private static void paint(Graphics2D g, XYChart chart, String caption, PlotData data, Kind kind) {
        // The same hints on both canvases: shapes anti-aliased, text laid out with fractional metrics and no
        // text anti-aliasing, which is the font render context VectorGraphics2D always reports, so the PNG and
        // the SVG share one layout.
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Graphics2D c = (Graphics2D) g.create();
        chart.paint(c, WIDTH, CHART_HEIGHT);
        c.dispose();
        g.setColor(CAPTION_INK);
        FontRenderContext frc = g.getFontRenderContext();
        if (kind == Kind.BOPS) {
            labelWidths(g, chart, data, frc);
        }
        List<String> lines = wrap(caption, CAPTION_FONT, frc, WIDTH - 2.0 * CAPTION_PAD, CAPTION_LINES);
        for (int i = 0; i < lines.size(); i++) {
            // Outlines, as XChart draws its own text, so the SVG needs no font to render.
            TextLayout line = new TextLayout(lines.get(i), CAPTION_FONT, frc);
            double baseline = CHART_HEIGHT + (i + 1) * CAPTION_LINE_HEIGHT - 3;
            g.fill(line.getOutline(AffineTransform.getTranslateInstance(CAPTION_PAD, baseline)));
        }
    }

    /**
     * Writes the bit width above each column of points that share one BOPs value (methods at one width usually
     * do), since the log axis names only decades; a label that would overlap the one to its left is left out.
     */
    private static void labelWidths(Graphics2D g, XYChart chart, PlotData data, FontRenderContext frc) {
        Map<Double, List<PlotPoint>> columns = new TreeMap<>();
        for (PlotPoint p : data.points()) {
            columns.computeIfAbsent(p.bops(), k -> new ArrayList<>()).add(p);
        }
        double right = Double.NEGATIVE_INFINITY;
        for (var column : columns.entrySet()) {
            String text = column.getValue().stream().map(PlotPoint::bits).distinct().sorted()
                    .map(b -> b == MethodConfig.FULL_PRECISION_BITS ? widthLabel(b) : b + "-bit")
                    .collect(Collectors.joining("/"));
            double top = column.getValue().stream().mapToDouble(p -> p.mean() + (p.hasStd() ? p.std() : 0)).max().orElseThrow();
            TextLayout label = new TextLayout(text, TICK_FONT, frc);
            double width = label.getAdvance();
            double x = chart.getScreenXFromChart(column.getKey()) - width / 2;
            if (x < right + 4) {
                continue;
            }
            double baseline = chart.getScreenYFromChart(top) - 8;
            g.fill(label.getOutline(AffineTransform.getTranslateInstance(x, baseline)));
            right = x + width;
        }
    }

    /** Greedy word wrap to at most {@code maxLines} lines; a cut last line ends in an ellipsis. */
    static List<String> wrap(String text, Font font, FontRenderContext frc, double width, int maxLines) {
        List<String> lines = new ArrayList<>();
        String line = "";
        String[] words = text.strip().split("\\s+");
        int i = 0;
        while (i < words.length && lines.size() < maxLines) {
            String candidate = line.isEmpty() ? words[i] : line + " " + words[i];
            if (line.isEmpty() || font.getStringBounds(candidate, frc).getWidth() <= width) {
                line = candidate;
                i++;
            } else {
                lines.add(line);
                line = "";
            }
        }
        if (lines.size() < maxLines && !line.isEmpty()) {
            lines.add(line);
        } else if (i < words.length || !line.isEmpty()) {
            String last = lines.remove(lines.size() - 1);
            while (!last.isEmpty() && font.getStringBounds(last + " \u2026", frc).getWidth() > width) {
                int cut = last.lastIndexOf(' ');
                last = cut < 0 ? "" : last.substring(0, cut);
            }
            lines.add(last + " \u2026");
        }
        return lines;
    }

    /** The PNG bytes of one plot. */
    static byte[] png(XYChart chart, String caption, PlotData data, Kind kind) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        paint(g, chart, caption, data, kind);
        g.dispose();
        // The JDK's PNG writer emits IHDR, IDAT and IEND only unless given metadata: no time, no software name.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
        return out.toByteArray();
    }

    /** The SVG bytes of one plot, through VectorGraphics2D, then {@link #stableSvg}. */
    static byte[] svg(XYChart chart, String caption, PlotData data, Kind kind) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g, chart, caption, data, kind);
        Document doc = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, WIDTH, HEIGHT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.writeTo(out);
        String svg = stableSvg(out.toString(StandardCharsets.UTF_8), data.title() + ": " + data.metric() + " vs "
                + (kind == Kind.BITS ? "bit width" : "BOPs"), describe(data, kind, caption));
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    private static final Pattern CLIP_ID = Pattern.compile("clip(-?\\d+)");
    private static final Pattern GEOMETRY = Pattern.compile("\\b(d|x|y|x1|y1|x2|y2|cx|cy|rx|ry|width|height|transform)=\"([^\"]*)\"");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:E-?\\d+)?");

    /**
     * Makes VectorGraphics2D's SVG text stable and self-describing: clip-path ids (from hash codes, which for
     * {@code Area} clips are identity hashes and change JVM to JVM) renumbered {@code clip1, clip2, ...} in
     * order of appearance; {@code \n} line ends whatever the platform; coordinates rounded to 0.01 px (glyph
     * outlines come with up to 15 decimals and make most of the file; a hundredth of a pixel is below anything a
     * viewer shows); a {@code <title>} and a {@code <desc>} (the text the outlines draw, and the numbers) as the
     * first children of {@code <svg>}.
     */
    static String stableSvg(String svg, String title, String desc) {
        String s = roundCoordinates(svg.replace("\r\n", "\n"));
        Map<String, String> ids = new LinkedHashMap<>();
        Matcher m = CLIP_ID.matcher(s);
        StringBuilder out = new StringBuilder(s.length() + desc.length() + 256);
        while (m.find()) {
            String id = ids.computeIfAbsent(m.group(1), k -> "clip" + (ids.size() + 1));
            m.appendReplacement(out, id);
        }
        m.appendTail(out);
        int root = out.indexOf("<svg");
        int end = root < 0 ? -1 : out.indexOf(">", root);
        if (end < 0) {
            throw new IllegalStateException("VectorGraphics2D wrote no <svg> element");
        }
        out.insert(end + 1, "\n  <title>" + xml(title) + "</title>\n  <desc>" + xml(desc) + "</desc>");
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        return out.toString();
    }

    /** Rounds the numbers in position, size and path attributes to two decimals (a rotation matrix is kept). */
    static String roundCoordinates(String svg) {
        Matcher attr = GEOMETRY.matcher(svg);
        StringBuilder out = new StringBuilder(svg.length());
        while (attr.find()) {
            String value = attr.group(2);
            if (!value.startsWith("matrix(")) {
                Matcher num = NUMBER.matcher(value);
                StringBuilder rounded = new StringBuilder(value.length());
                while (num.find()) {
                    num.appendReplacement(rounded, round2(Double.parseDouble(num.group())));
                }
                num.appendTail(rounded);
                value = rounded.toString();
            }
            attr.appendReplacement(out, Matcher.quoteReplacement(attr.group(1) + "=\"" + value + "\""));
        }
        attr.appendTail(out);
        return out.toString();
    }

    /** {@code v} to two decimals, trailing zeros and minus zero dropped; no locale involved. */
    static String round2(double v) {
        long r = Math.round(v * 100);
        long a = Math.abs(r);
        String sign = r < 0 ? "-" : "";
        long whole = a / 100;
        long frac = a % 100;
        if (frac == 0) {
            return sign + whole;
        }
        return sign + whole + "." + (frac % 10 == 0 ? Long.toString(frac / 10) : (frac < 10 ? "0" : "") + frac);
    }

    /** The {@code <desc>} text: what the plot shows and every point, one per line. */
    static String describe(PlotData data, Kind kind, String caption) {
        StringBuilder d = new StringBuilder(caption);
        d.append("\nx: ").append(kind == Kind.BITS ? "bit width (FP32 = full precision)" : "bit operations per sample (BOPs), log scale");
        d.append("\ny: ").append(data.yLabel());
        d.append("\nseries: ").append(String.join(", ", seriesOrder(data)));
        if (kind == Kind.BOPS) {
            d.append(", ").append(PARETO_FRONT);
        }
        d.append("\npoints (series, bits, BOPs, mean, std, n):");
        for (PlotPoint p : data.points()) {
            d.append("\n").append(p.series()).append(", ").append(widthLabel(p.bits())).append(", ")
                    .append(number(p.bops())).append(", ").append(number(p.mean())).append(", ")
                    .append(p.hasStd() ? number(p.std()) : "NaN").append(", ").append(p.n());
        }
        if (kind == Kind.BOPS) {
            d.append("\nPareto front:");
            for (PlotPoint p : paretoFront(data.points(), data.higherIsBetter())) {
                d.append(' ').append(p.series()).append('@').append(widthLabel(p.bits()));
            }
        }
        return d.toString();
    }

    private static String number(double v) {
        // Shortest round-trip form; Double.toString ignores the locale.
        return Double.toString(v);
    }

    private static String xml(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 allows no control characters but tab and newline.
                    if (ch >= 0x20 || ch == '\n' || ch == '\t') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }
}
