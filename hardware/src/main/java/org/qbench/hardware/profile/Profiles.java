package org.qbench.hardware.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry of hardware profiles: an immutable, ordered map from id to {@link HardwareProfile}.
 *
 * <p>{@link #builtIn()} loads exactly the resources named in {@link #BUILT_IN_RESOURCES}, in that order;
 * there is no classpath scanning, so adding a profile means adding its file and one line here (and a
 * contract test then covers it). A duplicate id fails at construction; an unknown id fails in
 * {@link #get(String)} with the list of known ids.
 */
public final class Profiles {
    /** The shipped profiles, as classloader resource names, in registration order. */
    public static final List<String> BUILT_IN_RESOURCES = List.of(
            "profiles/jvm-scalar.json",
            "profiles/jvm-simd.json",
            "profiles/ort-cpu.json",
            "profiles/x86-avx512-vnni-server.json",
            "profiles/arm-neon-dotprod-phone.json",
            "profiles/gpu-int8-int4-tensor-core.json",
            "profiles/binary-xnor-accelerator.json");

    private static volatile Profiles builtIn;

    private final Map<String, HardwareProfile> byId;

    private Profiles(Map<String, HardwareProfile> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /**
     * A registry of the given profiles, in the given order.
     *
     * @throws IllegalArgumentException when two profiles share an id
     */
    public static Profiles of(List<HardwareProfile> profiles) {
        Objects.requireNonNull(profiles, "profiles");
        Map<String, HardwareProfile> byId = new LinkedHashMap<>();
        for (HardwareProfile p : profiles) {
            Objects.requireNonNull(p, "profile");
            if (byId.putIfAbsent(p.id(), p) != null) {
                throw new IllegalArgumentException("duplicate hardware profile id '" + p.id() + "'");
            }
        }
        return new Profiles(byId);
    }

    /**
     * The profiles shipped in this module's resources, loaded once and then shared.
     *
     * @throws ProfileFormatException when a shipped file is malformed (a bug in the build, not user input)
     * @throws IllegalStateException when a listed resource is missing or two files share an id
     */
    public static Profiles builtIn() {
        Profiles p = builtIn;
        if (p == null) {
            synchronized (Profiles.class) {
                p = builtIn;
                if (p == null) {
                    p = load(BUILT_IN_RESOURCES);
                    builtIn = p;
                }
            }
        }
        return p;
    }

    /**
     * Reads one profile from JSON. Unknown fields, duplicate keys and silent type coercions are errors.
     * The stream is read but not closed; the caller owns it.
     *
     * @param sourceName the file or resource name, used only in error messages
     * @throws ProfileFormatException with a one-line message naming {@code sourceName}, the field and the
     *     problem
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static HardwareProfile parse(String sourceName, InputStream in) {
        return ProfileReader.read(sourceName, in);
    }

    /**
     * The profile with this id.
     *
     * @throws IllegalArgumentException naming the known ids when there is none
     */
    public HardwareProfile get(String id) {
        HardwareProfile p = byId.get(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown hardware profile '" + id + "' (known: "
                    + String.join(", ", byId.keySet()) + ")");
        }
        return p;
    }

    /** The profile with this id, if registered. */
    public Optional<HardwareProfile> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every profile, in registration order; immutable. */
    public List<HardwareProfile> all() {
        return List.copyOf(byId.values());
    }

    /** Every id, in registration order; immutable. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    static Profiles load(List<String> resources) {
        ClassLoader loader = Profiles.class.getClassLoader();
        Map<String, HardwareProfile> byId = new LinkedHashMap<>();
        Map<String, String> fileOf = new LinkedHashMap<>();
        for (String resource : resources) {
            HardwareProfile p;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + ": resource not found on the classpath");
                }
                p = parse(resource, in);
            } catch (IOException e) {
                throw new UncheckedIOException(resource + ": cannot read: " + e.getMessage(), e);
            }
            String earlier = fileOf.putIfAbsent(p.id(), resource);
            if (earlier != null) {
                throw new IllegalStateException(resource + ": duplicate hardware profile id '" + p.id()
                        + "' (already defined by " + earlier + ")");
            }
            byId.put(p.id(), p);
        }
        return new Profiles(byId);
    }

    @Override
    public String toString() {
        return "Profiles" + new ArrayList<>(byId.keySet());
    }
}
