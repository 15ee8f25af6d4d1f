package org.qbench.tasks.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Generated IDX files for tests: a tiny Fashion-MNIST look-alike whose classes are learnable (class k has a
 * bright bar at a class-specific row, plus noise), and raw writers for corrupt variants. Shared with the
 * harness tests through the tasks test-jar.
 */
public final class IdxFixtures {

    private IdxFixtures() {}

    /** IDX bytes: magic {@code 0x0000080R}, the dimensions, then the payload. */
    public static byte[] idx(int rank, int[] dims, byte[] payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt((0x08 << 8) | rank);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes bytes gzip-compressed. */
    public static Path writeGz(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    /**
     * Writes the four Fashion-MNIST files into {@code dir} with {@code train} and {@code test} images.
     *
     * @return {@code dir}
     */
    public static Path fashionMnist(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(seed);
        writeSplit(dir, "train", train, rnd);
        writeSplit(dir, "t10k", test, rnd);
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, int n, Random rnd) throws IOException {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = rnd.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                int v = rnd.nextInt(60);
                if (row == 2 + 2 * label || row == 3 + 2 * label) {
                    v += 180;
                }
                pixels[i * 28 * 28 + p] = (byte) v;
            }
        }
        writeGz(dir.resolve(prefix + "-images-idx3-ubyte.gz"), idx(3, new int[] {n, 28, 28}, pixels));
        writeGz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), idx(1, new int[] {n}, labels));
    }
}
