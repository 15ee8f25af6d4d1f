package org.qbench.methods;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An explicit, immutable map from stable id to plug-in (method, task, suite), in registration order. Fails on
 * a duplicate id at construction and on an unknown id at lookup, naming the known ones. There is no classpath
 * scanning: what is registered is what the code lists.
 *
 * @param <T> the kind of plug-in
 */
public final class Registry<T> {

    private final String kind;
    private final Map<String, T> byId;

    /**
     * A registry.
     *
     * @param kind what the plug-ins are, for messages ({@code method}, {@code task}, …)
     * @param idOf the id of a plug-in
     * @param items the plug-ins, in the order {@link #all()} returns them
     * @throws IllegalArgumentException on a duplicate id
     */
    public Registry(String kind, Function<T, String> idOf, List<T> items) {
        this.kind = kind;
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            String id = idOf.apply(item);
            if (map.putIfAbsent(id, item) != null) {
                throw new IllegalArgumentException("duplicate " + kind + " id '" + id + "'");
            }
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    /**
     * The plug-in with this id.
     *
     * @throws IllegalArgumentException for an unknown id: {@code unknown <kind> '<id>' (known: a, b)}
     */
    public T get(String id) {
        T item = byId.get(id);
        if (item == null) {
            throw new IllegalArgumentException(
                    "unknown " + kind + " '" + id + "' (known: " + String.join(", ", byId.keySet()) + ")");
        }
        return item;
    }

    /** The plug-in with this id, if one is registered. */
    public java.util.Optional<T> find(String id) {
        return java.util.Optional.ofNullable(byId.get(id));
    }

    /** All plug-ins, in registration order. */
    public Collection<T> all() {
        return byId.values();
    }
}
