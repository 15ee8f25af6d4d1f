package org.qbench.tasks.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes, gzip-compressed ({@code .gz}) or not, and checks them: the magic number
 * (type {@code 0x08}, the expected rank), positive dimensions, and that the payload is exactly as long as the
 * dimensions say.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /**
     * Reads an IDX file of the given rank.
     *
     * @param file the file; gzip when its name ends in {@code .gz}
     * @param rank the expected number of dimensions (1 for labels, 3 for images)
     * @throws DataException naming the file when it is missing, not IDX, or truncated
     */
    public static IdxFile read(Path file, int rank) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz")
                        ? new GZIPInputStream(new BufferedInputStream(raw), 1 << 16)
                        : new BufferedInputStream(raw, 1 << 16);
                DataInputStream data = new DataInputStream(in)) {
            int magic = readHeaderInt(file, data, "magic number");
            int expected = (UNSIGNED_BYTE << 8) | rank;
            if (magic != expected) {
                throw new DataException(file, String.format(
                        "bad magic number 0x%08X (expected 0x%08X: unsigned bytes, %d dimensions)", magic, expected, rank));
            }
            int[] dims = new int[rank];
            long size = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = readHeaderInt(file, data, "dimension " + i);
                if (dims[i] <= 0) {
                    throw new DataException(file, "dimension " + i + " is " + dims[i] + " (must be positive)");
                }
                size *= dims[i];
            }
            if (size > Integer.MAX_VALUE - 16) {
                throw new DataException(file, "dimensions " + Arrays.toString(dims) + " are too large");
            }
            byte[] payload = new byte[(int) size];
            int read = data.readNBytes(payload, 0, payload.length);
            if (read < payload.length) {
                throw new DataException(file, "truncated: dimensions " + Arrays.toString(dims) + " need "
                        + payload.length + " bytes of data, found " + read);
            }
            if (data.read() != -1) {
                throw new DataException(file, "trailing bytes after the " + payload.length
                        + " bytes that dimensions " + Arrays.toString(dims) + " describe");
            }
            return new IdxFile(dims, payload);
        } catch (NoSuchFileException e) {
            throw new DataException(file, "file not found");
        } catch (ZipException e) {
            throw new DataException(file, "not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataException(file, "truncated gzip stream", e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static int readHeaderInt(Path file, DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataException(file, "truncated header: no " + what);
        }
    }
}
