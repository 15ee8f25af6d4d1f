package org.qbench.tasks.sr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.images.Bicubic;
import org.qbench.tasks.images.RgbImage;

/**
 * The super-resolution data of a process, read once and shared by the tasks of every scale: the high-resolution
 * images of {@link SrData} and, per scale, their low-resolution inputs made by the protocol (the high-resolution
 * image cropped to a multiple of the scale, MATLAB-bicubic downscaled, rounded to 8 bits, as BasicSR's LR files).
 */
public final class SrSource {

    /**
     * A ground-truth image and the input made from it.
     *
     * @param hr the high-resolution image, cropped to a multiple of the scale
     * @param lr its bicubic downscale, 8-bit
     */
    public record Pair(RgbImage hr, RgbImage lr) {}

    /**
     * The pairs of one scale.
     *
     * @param dataset the data's id in result files
     * @param train the training pool
     * @param tests the test sets by name, in order
     * @param checksums SHA-256 of every source file, for provenance
     */
    public record Pairs(String dataset, List<Pair> train, Map<String, List<Pair>> tests,
            Map<String, String> checksums) {

        /** The test sets with at most {@code limit} images each (the first ones); 0 keeps them all. */
        public Map<String, List<Pair>> tests(int limit) {
            Map<String, List<Pair>> out = new LinkedHashMap<>();
            tests.forEach((name, pairs) -> out.put(name, limit == 0 ? pairs : pairs.subList(0, Math.min(limit,
                    pairs.size()))));
            return out;
        }
    }

    private final Path cacheDir;
    private final Consumer<String> log;
    private SrDataSets images;
    private Optional<Path> imagesFor;
    private final Map<Integer, Pairs> pairs = new HashMap<>();

    /**
     * A source that fetches and prepares packaged photographs under {@code cacheDir} when the user names no folder.
     *
     * @param log where fetching and preparing say what they do
     */
    public SrSource(Path cacheDir, Consumer<String> log) {
        this.cacheDir = cacheDir;
        this.log = log;
    }

    /** The source qbench uses: its default cache, messages to standard error. */
    public static SrSource standard() {
        return new SrSource(ClassificationTask.defaultCacheDir(), System.err::println);
    }

    /**
     * The pairs at {@code scale} from the user's folder, or from the packaged photographs when none is named.
     *
     * @throws org.qbench.tasks.data.DataException when the data is missing or corrupt
     */
    public synchronized Pairs pairs(Optional<Path> dataDir, int scale) {
        if (images == null || !imagesFor.equals(dataDir)) {
            images = SrData.prepare(dataDir, cacheDir, log);
            imagesFor = dataDir;
            pairs.clear();
        }
        return pairs.computeIfAbsent(scale, s -> {
            Map<String, List<Pair>> tests = new LinkedHashMap<>();
            images.tests().forEach((name, hr) -> tests.put(name, paired(hr, s)));
            return new Pairs(images.id(), paired(images.train(), s), tests, images.checksums());
        });
    }

    private static List<Pair> paired(List<RgbImage> images, int scale) {
        List<Pair> out = new ArrayList<>(images.size());
        for (RgbImage image : images) {
            RgbImage hr = image.modCrop(scale);
            out.add(new Pair(hr, Bicubic.downscale(hr, scale)));
        }
        return List.copyOf(out);
    }
}
