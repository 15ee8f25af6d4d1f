package org.qbench.hardware.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Kernels by id, in registration order, for the kernel registries ({@link Kernels}, {@link AttentionKernels}):
 * a duplicate id fails at start-up, an unknown one with the list of known ids.
 *
 * @param <K> the kernel type
 */
final class KernelIndex<K> {

    private final String kind;
    private final Map<String, K> byId;

    /**
     * Indexes {@code kernels}.
     *
     * @param kind what the kernels are, for messages ({@code kernel}, {@code attention kernel})
     * @throws IllegalStateException on a duplicate id
     */
    KernelIndex(String kind, List<K> kernels, Function<K, String> id) {
        this.kind = kind;
        Map<String, K> m = new LinkedHashMap<>();
        for (K k : kernels) {
            if (m.put(id.apply(k), k) != null) {
                throw new IllegalStateException("duplicate " + kind + " id " + id.apply(k));
            }
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /**
     * The kernel with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    K get(String id) {
        K k = byId.get(id);
        if (k == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + id + "' (known: " + String.join(", ", byId.keySet()) + ")");
        }
        return k;
    }

    /** The kernel with this id, if indexed: lets a caller holding ids of several kinds ask each registry. */
    Optional<K> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every id, in registration order. */
    List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}
