package org.qbench.tasks.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads CIFAR-10 (Krizhevsky, 2009) in its standard binary form: {@code data_batch_1.bin} …
 * {@code data_batch_5.bin} (50,000 training images) and {@code test_batch.bin} (10,000), each a sequence of
 * 3,073-byte records (one label byte 0..9, then 1,024 red, 1,024 green and 1,024 blue bytes of a 32x32
 * image). Nothing is downloaded: the user puts the files in {@code DIR/cifar-10-batches-bin/} (the folder the
 * official archive unpacks to) or in {@code DIR} and passes {@code --data-dir DIR}.
 */
public final class Cifar10 {

    /** The data set's id in result files. */
    public static final String ID = "cifar-10";
    /** The training files, in the order they are read. */
    public static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** The test file. */
    public static final String TEST_FILE = "test_batch.bin";

    private static final int SIDE = 32;
    private static final int CHANNELS = 3;
    private static final int CLASSES = 10;
    /** One image as the models see it: channels, height, width. */
    public static final ai.djl.ndarray.types.Shape IMAGE_SHAPE = new ai.djl.ndarray.types.Shape(CHANNELS, SIDE, SIDE);
    private static final int RECORD = 1 + CHANNELS * SIDE * SIDE;
    private static final String SUBFOLDER = "cifar-10-batches-bin";
    /** Per-channel statistics of the training set (the usual CIFAR-10 constants). */
    private static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] STD = {0.2470f, 0.2435f, 0.2616f};

    private Cifar10() {}

    /**
     * The folder holding the six files.
     *
     * @throws DataException saying where to put the files when they are not there
     */
    public static Path locate(Optional<Path> userDir) {
        String where = "put " + String.join(", ", TRAIN_FILES) + " and " + TEST_FILE
                + " (CIFAR-10 'binary version') in DIR/" + SUBFOLDER + "/ and pass --data-dir DIR (or set QBENCH_DATA)";
        if (userDir.isEmpty()) {
            throw new DataException(Path.of(SUBFOLDER), "CIFAR-10 is not bundled and never downloaded; " + where);
        }
        for (Path candidate : List.of(userDir.get().resolve(SUBFOLDER), userDir.get())) {
            if (Files.isRegularFile(candidate.resolve(TEST_FILE))) {
                return candidate;
            }
        }
        throw new DataException(userDir.get(), "no CIFAR-10 here; " + where);
    }

    /**
     * Reads and checks both splits.
     *
     * @throws DataException naming the file on any fault (missing file, size not a whole number of records,
     *     label out of range)
     */
    public static ImageSplits read(Path folder) {
        Map<String, String> checksums = new LinkedHashMap<>();
        byte[][] trainParts = new byte[TRAIN_FILES.size()][];
        for (int i = 0; i < TRAIN_FILES.size(); i++) {
            Path f = folder.resolve(TRAIN_FILES.get(i));
            trainParts[i] = readFile(f);
            checksums.put(TRAIN_FILES.get(i), Checksums.sha256(trainParts[i]));
        }
        Path testFile = folder.resolve(TEST_FILE);
        byte[] test = readFile(testFile);
        checksums.put(TEST_FILE, Checksums.sha256(test));
        return new ImageSplits(ID, decode(trainParts), decode(new byte[][] {test}),
                MEAN.clone(), STD.clone(), checksums, folder);
    }

    private static byte[] readFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(file, "file not found");
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length == 0 || bytes.length % RECORD != 0) {
            throw new DataException(file, bytes.length + " bytes is not a whole number of " + RECORD
                    + "-byte records (label + 32x32x3 pixels): wrong format or truncated");
        }
        for (int r = 0; r < bytes.length / RECORD; r++) {
            int label = bytes[r * RECORD] & 0xFF;
            if (label >= CLASSES) {
                throw new DataException(file, "record " + r + " has label " + label + ", not a class 0.." + (CLASSES - 1));
            }
        }
        return bytes;
    }

    private static LabelledImages decode(byte[][] parts) {
        int count = 0;
        for (byte[] p : parts) {
            count += p.length / RECORD;
        }
        byte[] pixels = new byte[count * (RECORD - 1)];
        int[] labels = new int[count];
        int i = 0;
        for (byte[] p : parts) {
            for (int r = 0; r < p.length / RECORD; r++, i++) {
                labels[i] = p[r * RECORD] & 0xFF;
                System.arraycopy(p, r * RECORD + 1, pixels, i * (RECORD - 1), RECORD - 1);
            }
        }
        return new LabelledImages(pixels, labels, CHANNELS, SIDE, SIDE, CLASSES);
    }
}
