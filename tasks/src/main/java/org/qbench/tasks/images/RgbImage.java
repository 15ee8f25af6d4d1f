package org.qbench.tasks.images;

import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit RGB image, planar CHW: the value of channel {@code c} at row {@code y}, column {@code x} is
 * {@code rgb[(c * height + y) * width + x]}, read as an unsigned byte.
 *
 * <p>The array is not copied (images run to tens of megabytes): whoever builds an image hands the array over and
 * must not change it afterwards, and readers of {@link #rgb()} must not write to it. Equality compares contents.
 *
 * @param name an identifier for logs and result files (usually the file name without extension)
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param rgb {@code 3 * height * width} bytes, planar R, G, B
 */
public record RgbImage(String name, int height, int width, byte[] rgb) {

    /** Checks the shape. */
    public RgbImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rgb, "rgb");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image " + name + ": size " + width + "x" + height + " is not positive");
        }
        if (rgb.length != 3L * height * width) {
            throw new IllegalArgumentException("image " + name + ": " + rgb.length + " bytes for a " + width + "x"
                    + height + " RGB image, expected " + 3L * height * width);
        }
    }

    /** The value of channel {@code c} (0 = R, 1 = G, 2 = B) at row {@code y}, column {@code x}, in 0..255. */
    public int value(int c, int y, int x) {
        return rgb[(c * height + y) * width + x] & 0xFF;
    }

    /**
     * The values divided by 255, CHW, as BasicSR's {@code img2tensor} on {@code img.astype(np.float32) / 255.}
     * (a float division, so the values match it bit for bit).
     */
    public float[] toUnitFloats() {
        float[] out = new float[rgb.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (rgb[i] & 0xFF) / 255f;
        }
        return out;
    }

    /**
     * An image from values in [0, 1], CHW, as BasicSR's {@code tensor2img}: clamp to [0, 1], multiply by 255 in
     * float, round half to even ({@code np.round}, so {@link Math#rint}, not {@link Math#round}).
     *
     * @throws IllegalArgumentException if the length is not {@code 3 * height * width} or a value is NaN
     */
    public static RgbImage fromUnitFloats(String name, int height, int width, float[] chw) {
        if (chw.length != 3L * height * width) {
            throw new IllegalArgumentException("image " + name + ": " + chw.length + " values for a " + width + "x"
                    + height + " RGB image, expected " + 3L * height * width);
        }
        byte[] rgb = new byte[chw.length];
        for (int i = 0; i < chw.length; i++) {
            float v = chw[i];
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("image " + name + ": value at index " + i + " is NaN");
            }
            v = Math.min(1f, Math.max(0f, v));
            rgb[i] = (byte) (int) Math.rint(v * 255f);
        }
        return new RgbImage(name, height, width, rgb);
    }

    /**
     * The top-left part whose height and width are multiples of {@code scale} (BasicSR's {@code mod_crop}); this
     * image itself when nothing needs cropping.
     *
     * @throws IllegalArgumentException if {@code scale < 1} or a side is smaller than {@code scale}
     */
    public RgbImage modCrop(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("image " + name + ": mod-crop scale " + scale + " is not positive");
        }
        int h = height - height % scale;
        int w = width - width % scale;
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("image " + name + ": size " + width + "x" + height
                    + " is smaller than the scale " + scale);
        }
        return h == height && w == width ? this : crop(0, 0, h, w);
    }

    /**
     * The {@code h x w} window whose top-left pixel is at row {@code y}, column {@code x}; same name.
     *
     * @throws IllegalArgumentException if the window is empty or leaves the image
     */
    public RgbImage crop(int y, int x, int h, int w) {
        if (y < 0 || x < 0 || h < 1 || w < 1 || y + h > height || x + w > width) {
            throw new IllegalArgumentException("image " + name + ": crop " + w + "x" + h + " at (y " + y + ", x " + x
                    + ") leaves the " + width + "x" + height + " image");
        }
        byte[] out = new byte[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(rgb, (c * height + y + r) * width + x, out, (c * h + r) * w, w);
            }
        }
        return new RgbImage(name, h, w, out);
    }

    /** The same pixels under another name. */
    public RgbImage withName(String newName) {
        return new RgbImage(newName, height, width, rgb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && name.equals(other.name) && height == other.height
                && width == other.width && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, height, width, Arrays.hashCode(rgb));
    }

    @Override
    public String toString() {
        return "RgbImage[" + name + ", " + width + "x" + height + "]";
    }
}
