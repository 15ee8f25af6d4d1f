package org.qbench.tasks.sr;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.qbench.tasks.images.RgbImage;

/**
 * The images of a super-resolution run: an HR training pool and named HR test sets, with the SHA-256 of every
 * source file they came from for the result's provenance. LR images are not stored: they are made from the HR
 * images by {@link org.qbench.tasks.images.Bicubic#downscale} after a mod-crop, as BasicSR makes them.
 *
 * @param id which collection this is ({@link SrData#PACKAGED_ID} or {@link SrData#USER_ID})
 * @param train the HR training pool, in a fixed order
 * @param tests test sets by name, in report order; each a list of HR images
 * @param checksums SHA-256 of each source file, keyed by its path inside its Debian package (as installed, e.g.
 *     {@code /usr/share/backgrounds/x.jpg}) or, for a user's folder, its path relative to that folder
 * @param root where the images were read from (the prepared cache folder or the user's folder)
 */
public record SrDataSets(String id, List<RgbImage> train, Map<String, List<RgbImage>> tests,
        Map<String, String> checksums, Path root) {

    /** Copies the collections into unmodifiable ones that keep their order. */
    public SrDataSets {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(root, "root");
        train = List.copyOf(train);
        LinkedHashMap<String, List<RgbImage>> t = new LinkedHashMap<>();
        tests.forEach((name, images) -> t.put(name, List.copyOf(images)));
        tests = Collections.unmodifiableMap(t);
        checksums = Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
    }

    /** Total training pixels (height x width, summed), for logs and provenance. */
    public long trainPixels() {
        return train.stream().mapToLong(i -> (long) i.height() * i.width()).sum();
    }
}
