package org.qbench.tasks.lowlight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.qbench.tasks.data.DataException;

/**
 * Binary greyscale PGM ({@code P5}) with up to 16 bits per sample (maxval above 255: two bytes, big-endian, as the
 * Netpbm specification says), for a user's raw mosaics.
 */
public final class Pgm16 {

    /**
     * A mosaic read from a PGM file.
     *
     * @param height rows
     * @param width columns
     * @param values samples, row-major, each in 0..maxval
     * @param maxval the header's maxval
     */
    public record Mosaic(int height, int width, int[] values, int maxval) {}

    private Pgm16() {}

    /**
     * Reads a P5 file.
     *
     * @throws DataException naming the file when it is not a P5 PGM or is truncated
     */
    public static Mosaic read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        if (b.length < 2 || b[0] != 'P' || b[1] != '5') {
            throw new DataException(file, "not a binary PGM (P5) file");
        }
        int[] pos = {2};
        int w = number(file, b, pos, "width");
        int h = number(file, b, pos, "height");
        int maxval = number(file, b, pos, "maxval");
        if (w < 1 || h < 1 || maxval < 1 || maxval > 65535) {
            throw new DataException(file, "PGM header gives " + w + "x" + h + ", maxval " + maxval);
        }
        int p = pos[0] + 1;
        int bytes = maxval > 255 ? 2 : 1;
        long need = (long) bytes * w * h;
        if (p > b.length || b.length - p < need) {
            throw new DataException(file, "truncated: " + Math.max(0, b.length - p) + " bytes of samples, expected "
                    + need);
        }
        int[] v = new int[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = bytes == 2 ? ((b[p + 2 * i] & 0xFF) << 8) | (b[p + 2 * i + 1] & 0xFF) : b[p + i] & 0xFF;
            if (v[i] > maxval) {
                throw new DataException(file, "sample " + v[i] + " at " + i + " exceeds maxval " + maxval);
            }
        }
        return new Mosaic(h, w, v, maxval);
    }

    /**
     * Writes a 16-bit P5 file (maxval 65535).
     *
     * @throws DataException naming the file when it cannot be written
     */
    public static void write(Path file, int height, int width, int[] values) {
        byte[] header = ("P5\n" + width + " " + height + "\n65535\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + 2 * values.length];
        System.arraycopy(header, 0, out, 0, header.length);
        for (int i = 0; i < values.length; i++) {
            out[header.length + 2 * i] = (byte) (values[i] >> 8);
            out[header.length + 2 * i + 1] = (byte) values[i];
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, out);
        } catch (IOException e) {
            throw new DataException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static int number(Path file, byte[] b, int[] pos, String what) {
        int p = pos[0];
        while (p < b.length) {
            if (b[p] == '#') {
                while (p < b.length && b[p] != '\n') {
                    p++;
                }
            } else if (Character.isWhitespace(b[p])) {
                p++;
            } else {
                break;
            }
        }
        int start = p;
        long v = 0;
        while (p < b.length && b[p] >= '0' && b[p] <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (b[p++] - '0');
        }
        if (p == start) {
            throw new DataException(file, "bad PGM header: expected the " + what);
        }
        pos[0] = p;
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
