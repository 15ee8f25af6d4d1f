package org.qbench.tasks.lowlight;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The clips of a low-light run.
 *
 * @param id {@link LowlightData#SYNTHETIC_ID} or {@link LowlightData#USER_ID}
 * @param dataset a one-line description for tables and provenance; says SYNTHETIC for the generated data
 * @param configHash SHA-256 (hex, 16 characters) of the generator's configuration; "user" for a user's folder
 * @param train the training clips
 * @param tests the test sets by name, in report order
 * @param checksums SHA-256 of every source file (photos, videos) and of the generated manifest, or of every file of
 *     a user's folder, for provenance
 */
public record LowlightSets(String id, String dataset, String configHash, List<RawClip> train,
        Map<String, List<RawClip>> tests, Map<String, String> checksums) {

    /** Copies the collections into unmodifiable ones that keep their order. */
    public LowlightSets {
        Objects.requireNonNull(dataset, "dataset");
        train = List.copyOf(train);
        LinkedHashMap<String, List<RawClip>> t = new LinkedHashMap<>();
        tests.forEach((k, v) -> t.put(k, List.copyOf(v)));
        tests = Collections.unmodifiableMap(t);
        checksums = Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
    }
}
