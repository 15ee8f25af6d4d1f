package org.qbench.tasks.images;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.qbench.tasks.data.DataException;

/**
 * Reads and writes 8-bit RGB image files. PNG, JPEG and BMP go through the JDK's {@code javax.imageio}; binary PGM
 * and PPM ({@code P5}, {@code P6}), which the JDK cannot read, through a small reader here. Grey images become
 * three equal channels; an alpha channel is dropped. Images with more than 8 bits per channel are refused rather
 * than quantized, since the choice of tone curve would change what the benchmark measures.
 */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * Reads an image file.
     *
     * @param file the file; its name without extension becomes the image's name
     * @param minSide the smallest height and width accepted
     * @throws DataException naming the file when it is missing, cannot be decoded, has more than 8 bits per
     *     channel or is smaller than {@code minSide} in either dimension
     */
    public static RgbImage read(Path file, int minSide) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "no such image file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        String name = stem(file);
        RgbImage image = bytes.length >= 2 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6')
                ? Pnm.decode(file, name, bytes)
                : decodeWithImageIo(file, name, bytes);
        if (image.height() < minSide || image.width() < minSide) {
            throw new DataException(file, "image is " + image.width() + "x" + image.height()
                    + ", smaller than the minimum side " + minSide);
        }
        return image;
    }

    /**
     * Writes an image as an 8-bit RGB PNG, creating the parent folders. The file appears whole or not at all
     * (written beside it, then moved), so a cache never holds half an image.
     *
     * @throws DataException naming the file when it cannot be written
     */
    public static void writePng(RgbImage image, Path file) {
        int h = image.height();
        int w = image.width();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = out.getRaster();
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int base = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    row[x] = image.rgb()[base + x] & 0xFF;
                }
                raster.setSamples(0, y, w, 1, c, row);
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!ImageIO.write(out, "png", tmp.toFile())) {
                throw new IOException("the JDK has no PNG writer");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(file, "cannot write PNG (" + e.getMessage() + ")", e);
        }
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static RgbImage decodeWithImageIo(Path file, String name, byte[] bytes) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt data surfaces as IIOException or, in some decoders, as a runtime exception.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new DataException(file, "cannot decode the image (" + oneLine(why) + ")", e);
        }
        if (img == null) {
            throw new DataException(file, "not an image file this reader knows (PNG, JPEG, BMP, binary PGM/PPM)");
        }
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        for (int b = 0; b < raster.getNumBands(); b++) {
            if (raster.getSampleModel().getSampleSize(b) > 8) {
                throw new DataException(file, raster.getSampleModel().getSampleSize(b)
                        + " bits per channel, expected 8");
            }
        }
        for (int size : cm.getComponentSize()) {
            if (size > 8) {
                throw new DataException(file, size + " bits per channel, expected 8");
            }
        }
        int h = img.getHeight();
        int w = img.getWidth();
        byte[] rgb = new byte[3 * h * w];
        int[] row = new int[w];
        if (cm instanceof IndexColorModel || cm.getNumColorComponents() == 3 && !cm.getColorSpace().isCS_sRGB()) {
            // Palettes and non-sRGB colour spaces need the colour model's conversion.
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    rgb[y * w + x] = (byte) (row[x] >> 16);
                    rgb[(h + y) * w + x] = (byte) (row[x] >> 8);
                    rgb[(2 * h + y) * w + x] = (byte) row[x];
                }
            }
        } else if (cm.getNumColorComponents() == 1) {
            // Raw samples: getRGB would treat the JDK's linear grey colour space as needing a gamma curve.
            int max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (max == 255 ? row[x] : Math.round(row[x] * 255.0 / max));
                    rgb[y * w + x] = v;
                    rgb[(h + y) * w + x] = v;
                    rgb[(2 * h + y) * w + x] = v;
                }
            }
        } else if (cm.getNumColorComponents() == 3) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    raster.getSamples(0, y, w, 1, c, row);
                    int base = (c * h + y) * w;
                    for (int x = 0; x < w; x++) {
                        rgb[base + x] = (byte) row[x];
                    }
                }
            }
        } else {
            throw new DataException(file, cm.getNumColorComponents() + " colour components, expected grey or RGB");
        }
        return new RgbImage(name, h, w, rgb);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Binary PGM ({@code P5}) and PPM ({@code P6}) with 8-bit samples (maxval at most 255). */
    private static final class Pnm {

        private final Path file;
        private final byte[] bytes;
        private int pos = 2;

        private Pnm(Path file, byte[] bytes) {
            this.file = file;
            this.bytes = bytes;
        }

        static RgbImage decode(Path file, String name, byte[] bytes) {
            Pnm p = new Pnm(file, bytes);
            boolean colour = bytes[1] == '6';
            int w = p.headerNumber("width");
            int h = p.headerNumber("height");
            int maxval = p.headerNumber("maxval");
            if (w < 1 || h < 1) {
                throw new DataException(file, "header gives size " + w + "x" + h);
            }
            if (maxval < 1 || maxval > 65535) {
                throw new DataException(file, "header gives maxval " + maxval + ", expected 1..255");
            }
            if (maxval > 255) {
                throw new DataException(file, "16 bits per channel (maxval " + maxval + "), expected 8");
            }
            // Exactly one whitespace byte separates the header from the samples.
            p.pos++;
            int channels = colour ? 3 : 1;
            long need = (long) channels * w * h;
            if (p.pos > bytes.length || bytes.length - p.pos < need) {
                throw new DataException(file, "truncated: " + Math.max(0, bytes.length - p.pos)
                        + " bytes of pixel data, expected " + need);
            }
            byte[] rgb = new byte[3 * h * w];
            int plane = h * w;
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    int v = bytes[p.pos + i * channels + (colour ? c : 0)] & 0xFF;
                    if (v > maxval) {
                        throw new DataException(file, "sample " + v + " at pixel " + i + " exceeds maxval " + maxval);
                    }
                    rgb[c * plane + i] = (byte) (maxval == 255 ? v : Math.round(v * 255.0 / maxval));
                }
            }
            return new RgbImage(name, h, w, rgb);
        }

        private int headerNumber(String what) {
            // Whitespace and '#' comments (to the end of the line) may come before each header field.
            while (pos < bytes.length) {
                byte b = bytes[pos];
                if (b == '#') {
                    while (pos < bytes.length && bytes[pos] != '\n' && bytes[pos] != '\r') {
                        pos++;
                    }
                } else if (Character.isWhitespace(b)) {
                    pos++;
                } else {
                    break;
                }
            }
            int start = pos;
            long v = 0;
            while (pos < bytes.length && bytes[pos] >= '0' && bytes[pos] <= '9' && v <= Integer.MAX_VALUE) {
                v = v * 10 + (bytes[pos++] - '0');
            }
            if (pos == start || v > Integer.MAX_VALUE) {
                String found = pos < bytes.length
                        ? "'" + new String(bytes, pos, Math.min(8, bytes.length - pos), StandardCharsets.US_ASCII)
                                .replaceAll("\\p{Cntrl}", "?") + "'"
                        : "end of file";
                throw new DataException(file, "bad PGM/PPM header: expected the " + what + ", found " + found);
            }
            return (int) v;
        }
    }
}
