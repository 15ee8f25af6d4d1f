package org.qbench.tasks.lowlight;

/**
 * Bayer mosaics and their packed 4-channel form, as BRVE/LLRVD: channels R, G1, G2, B taken from positions (0, 0),
 * (0, 1), (1, 0), (1, 1) of every RGGB tile, so a {@code H x W} mosaic packs to {@code 4 x H/2 x W/2} (CHW). Other
 * phases pack to the same canonical order (G1 on red's row). All arrays are row-major; a mosaic with an odd side
 * loses its last row or column.
 */
public final class Bayer {

    private Bayer() {}

    /**
     * Packs a mosaic into {@code 4 x (height/2) x (width/2)} channels R, G1, G2, B.
     *
     * @throws IllegalArgumentException if the array does not hold {@code height * width} values or a side is below 2
     */
    public static float[] pack(float[] mosaic, int height, int width, Cfa cfa) {
        check(mosaic.length, height, width);
        int h = height / 2;
        int w = width / 2;
        float[] out = new float[4 * h * w];
        for (int c = 0; c < 4; c++) {
            int dy = cfa.row(c);
            int dx = cfa.col(c);
            for (int y = 0; y < h; y++) {
                int src = (2 * y + dy) * width + dx;
                int dst = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[dst + x] = mosaic[src + 2 * x];
                }
            }
        }
        return out;
    }

    /**
     * Unpacks {@code 4 x h x w} channels R, G1, G2, B into a {@code 2h x 2w} mosaic of the given phase.
     *
     * @throws IllegalArgumentException if the array does not hold {@code 4 * h * w} values
     */
    public static float[] unpack(float[] packed, int h, int w, Cfa cfa) {
        if (h < 1 || w < 1 || packed.length != 4L * h * w) {
            throw new IllegalArgumentException("packed Bayer: " + packed.length + " values for 4x" + h + "x" + w);
        }
        int width = 2 * w;
        float[] out = new float[4 * h * w];
        for (int c = 0; c < 4; c++) {
            int dy = cfa.row(c);
            int dx = cfa.col(c);
            for (int y = 0; y < h; y++) {
                int dst = (2 * y + dy) * width + dx;
                int src = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[dst + 2 * x] = packed[src + x];
                }
            }
        }
        return out;
    }

    /**
     * The mosaic of a linear RGB image (planar CHW floats): each site keeps the colour its filter passes.
     *
     * @throws IllegalArgumentException if the array does not hold {@code 3 * height * width} values
     */
    public static float[] mosaic(float[] rgb, int height, int width, Cfa cfa) {
        if (height < 2 || width < 2 || rgb.length != 3L * height * width) {
            throw new IllegalArgumentException("mosaic: " + rgb.length + " values for a 3x" + height + "x" + width
                    + " image");
        }
        int plane = height * width;
        float[] out = new float[plane];
        for (int c = 0; c < 4; c++) {
            int colour = Cfa.colour(c);
            for (int y = cfa.row(c); y < height; y += 2) {
                for (int x = cfa.col(c); x < width; x += 2) {
                    out[y * width + x] = rgb[colour * plane + y * width + x];
                }
            }
        }
        return out;
    }

    /** The site colour (0 = R, 1 = G, 2 = B) at row {@code y}, column {@code x} of a mosaic of this phase. */
    public static int colourAt(Cfa cfa, int y, int x) {
        for (int c = 0; c < 4; c++) {
            if (cfa.row(c) == (y & 1) && cfa.col(c) == (x & 1)) {
                return Cfa.colour(c);
            }
        }
        throw new AssertionError("no channel at " + y + "," + x);
    }

    private static void check(int length, int height, int width) {
        if (height < 2 || width < 2 || length != (long) height * width) {
            throw new IllegalArgumentException("Bayer mosaic: " + length + " values for " + height + "x" + width);
        }
    }
}
