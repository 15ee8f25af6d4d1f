package org.qbench.tasks.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds, fetches and reads Fashion-MNIST (Xiao et al., 2017) in its IDX form: 60,000 training and 10,000
 * test images of 28x28 grey pixels in 10 classes.
 *
 * <p>Where it looks, in order: the folder the user named ({@code --data-dir} or {@code QBENCH_DATA}, either
 * the folder itself or its {@code fashion-mnist/} subfolder), Debian's {@code dataset-fashion-mnist} package
 * ({@value #DEBIAN_DIR}), and qbench's cache, where a previous run unpacked that package. When none has it and
 * {@code apt-get} exists, it downloads the package without root ({@code apt-get download}) and unpacks it
 * into the cache with {@code dpkg-deb -x}.
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

    /** The data set's id in result files. */
    public static final String ID = "fashion-mnist";

    /** The four files, in the order they are read. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private static final String PACKAGE = "dataset-fashion-mnist";
    private static final int SIDE = 28;
    /** One image as the models see it: channels, height, width. */
    public static final ai.djl.ndarray.types.Shape IMAGE_SHAPE = new ai.djl.ndarray.types.Shape(1, SIDE, SIDE);
    private static final int CLASSES = 10;
    /** Mean and standard deviation of the training pixels, in [0, 1]. */
    private static final float MEAN = 0.2860f;
    private static final float STD = 0.3530f;

    private FashionMnist() {}

    /**
     * The folder holding the four files.
     *
     * @param userDir the folder the user named, if any; when given, nothing else is tried
     * @param cacheDir qbench's cache folder, where the Debian package is unpacked when fetched
     * @param log where to say what is being fetched
     * @throws DataException when the data cannot be found or fetched, saying how to get it
     */
    public static Path locate(Optional<Path> userDir, Path cacheDir, Consumer<String> log) {
        if (userDir.isPresent()) {
            Path dir = userDir.get();
            for (Path candidate : List.of(dir.resolve(ID), dir)) {
                if (hasAllFiles(candidate)) {
                    return candidate;
                }
            }
            throw new DataException(dir, "no Fashion-MNIST here: expected " + String.join(", ", FILES)
                    + " in this folder or in its " + ID + "/ subfolder");
        }
        Path debian = Path.of(DEBIAN_DIR);
        if (hasAllFiles(debian)) {
            return debian;
        }
        Path unpacked = DebianPackages.unpacked(cacheDir, DEBIAN_DIR);
        if (hasAllFiles(unpacked)) {
            return unpacked;
        }
        return fetchDebianPackage(cacheDir, unpacked, log);
    }

    private static boolean hasAllFiles(Path dir) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    private static Path fetchDebianPackage(Path cacheDir, Path unpacked, Consumer<String> log) {
        String howTo = "get it with 'sudo apt-get install " + PACKAGE + "', or put " + String.join(", ", FILES)
                + " in a folder and pass --data-dir FOLDER (or set QBENCH_DATA)";
        if (!DebianPackages.available()) {
            throw new DataException(Path.of(DEBIAN_DIR), "Fashion-MNIST not found; " + howTo);
        }
        try {
            log.accept("Fashion-MNIST not found; fetching Debian package " + PACKAGE + " into " + cacheDir);
            DebianPackages.fetch(PACKAGE, cacheDir, s -> { });
        } catch (IOException e) {
            throw new DataException(Path.of(DEBIAN_DIR), "Fashion-MNIST not found and fetching it failed ("
                    + e.getMessage() + "); " + howTo, e);
        }
        if (!hasAllFiles(unpacked)) {
            throw new DataException(unpacked, "the unpacked " + PACKAGE + " package lacks the IDX files; " + howTo);
        }
        return unpacked;
    }

    /**
     * Reads and checks both splits from a folder holding the four files.
     *
     * @throws DataException naming the file on any fault (bad magic, wrong image size, count mismatch, label
     *     out of range)
     */
    public static ImageSplits read(Path folder) {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (String f : FILES) {
            checksums.put(f, Checksums.sha256(folder.resolve(f)));
        }
        LabelledImages train = readSplit(folder.resolve(FILES.get(0)), folder.resolve(FILES.get(1)));
        LabelledImages test = readSplit(folder.resolve(FILES.get(2)), folder.resolve(FILES.get(3)));
        return new ImageSplits(ID, train, test, new float[] {MEAN}, new float[] {STD}, checksums, folder);
    }

    private static LabelledImages readSplit(Path imagesFile, Path labelsFile) {
        IdxFile images = IdxReader.read(imagesFile, 3);
        if (images.dims()[1] != SIDE || images.dims()[2] != SIDE) {
            throw new DataException(imagesFile, "images are " + images.dims()[1] + "x" + images.dims()[2]
                    + ", expected " + SIDE + "x" + SIDE);
        }
        IdxFile labels = IdxReader.read(labelsFile, 1);
        if (labels.count() != images.count()) {
            throw new DataException(labelsFile, "holds " + labels.count() + " labels but "
                    + imagesFile.getFileName() + " holds " + images.count() + " images");
        }
        int[] y = new int[labels.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.unsigned(i);
            if (y[i] >= CLASSES) {
                throw new DataException(labelsFile, "label " + y[i] + " at index " + i + " is not a class 0.."
                        + (CLASSES - 1));
            }
        }
        return new LabelledImages(images.data(), y, 1, SIDE, SIDE, CLASSES);
    }
}
