package org.qbench.harness.plots;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SVG helpers for golden-file tests of plots. */
public final class Svgs {

    private Svgs() {}

    private static final Pattern GEOMETRY = Pattern.compile(
            "\\b(x|y|x1|y1|x2|y2|cx|cy|rx|ry|width|height|transform)=\"[^\"]*\"");

    /**
     * The SVG with what follows the fonts' metrics blanked: numbers in position and size attributes become
     * {@code #}, and path data (glyph outlines, markers, clip shapes) becomes {@code …}. The root's size and
     * viewBox, fixed by the code, are kept.
     */
    public static String fontIndependent(String svg) {
        int rootEnd = svg.indexOf('>', svg.indexOf("<svg"));
        String root = svg.substring(0, rootEnd + 1);
        String body = svg.substring(rootEnd + 1);
        body = body.replaceAll("\\bd=\"[^\"]*\"", "d=\"…\"");
        Matcher m = GEOMETRY.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group().substring(m.group(1).length() + 2, m.group().length() - 1);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "=\"" + value.replaceAll("-?[0-9][0-9.E-]*", "#") + "\""));
        }
        m.appendTail(out);
        return root + out;
    }
}
