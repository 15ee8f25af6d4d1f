package org.qbench.harness.grid;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qbench.harness.results.Json;

/** The registry of suites shipped as resources; the list of files is explicit, no classpath scanning. */
public final class Suites {

    /** The suite {@code qbench reproduce} runs when none is named. */
    public static final String DEFAULT = "lsq-cls";

    private static final List<String> RESOURCES = List.of("suites/lsq-cls.json");

    private static final Suites BUILT_IN = load();

    private final Map<String, Suite> byId;

    private Suites(Map<String, Suite> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Every suite shipped with qbench. */
    public static Suites builtIn() {
        return BUILT_IN;
    }

    private static Suites load() {
        Map<String, Suite> map = new LinkedHashMap<>();
        for (String resource : RESOURCES) {
            try (InputStream in = Suites.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                Suite s = Json.parse(in, Suite.class, resource);
                if (map.putIfAbsent(s.id(), s) != null) {
                    throw new IllegalStateException(resource + ": duplicate suite id '" + s.id() + "'");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
        return new Suites(map);
    }

    /**
     * The suite with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public Suite get(String id) {
        Suite s = byId.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown suite '" + id + "' (known: " + String.join(", ", byId.keySet()) + ")");
        }
        return s;
    }

    /** All suites, in registration order. */
    public Collection<Suite> all() {
        return byId.values();
    }
}
