package org.qbench.harness.grid;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.qbench.harness.json.Json;
import org.qbench.methods.Registry;

/** The registry of suites shipped as resources; the list of files is explicit, no classpath scanning. */
public final class Suites {

    /** The suite {@code qbench reproduce} runs when none is named. */
    public static final String DEFAULT = "survey-cls";

    private static final List<String> RESOURCES = List.of("suites/survey-cls.json", "suites/lsq-cls.json", "suites/survey-vit.json",
            "suites/survey-sr.json", "suites/survey-lowlight.json");

    private static final Suites BUILT_IN = load();

    private final Registry<Suite> registry;

    private Suites(List<Suite> suites) {
        this.registry = new Registry<>("suite", Suite::id, suites);
    }

    /** Every suite shipped with qbench. */
    public static Suites builtIn() {
        return BUILT_IN;
    }

    private static Suites load() {
        List<Suite> suites = new ArrayList<>();
        for (String resource : RESOURCES) {
            try (InputStream in = Suites.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                suites.add(Json.parse(in, Suite.class, resource));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
        return new Suites(suites);
    }

    /**
     * The suite with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public Suite get(String id) {
        return registry.get(id);
    }

    /** All suites, in registration order. */
    public Collection<Suite> all() {
        return registry.all();
    }
}
