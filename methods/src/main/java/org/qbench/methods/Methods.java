package org.qbench.methods;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.qbench.methods.fp32.Fp32Method;
import org.qbench.methods.lsq.LsqMethod;

/**
 * The registry of quantization methods: an explicit, immutable map from id to method. Adding a method means
 * adding one line to {@link #builtIn()}; there is no classpath scanning.
 */
public final class Methods {

    private static final Methods BUILT_IN = new Methods(new Fp32Method(), new LsqMethod());

    private final Map<String, QuantMethod> byId;

    /**
     * A registry of the given methods, in the given order.
     *
     * @throws IllegalArgumentException on a duplicate id
     */
    public Methods(QuantMethod... methods) {
        Map<String, QuantMethod> map = new LinkedHashMap<>();
        for (QuantMethod m : methods) {
            if (map.putIfAbsent(m.id(), m) != null) {
                throw new IllegalArgumentException("duplicate method id '" + m.id() + "'");
            }
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    /** Every method shipped with qbench. */
    public static Methods builtIn() {
        return BUILT_IN;
    }

    /**
     * The method with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public QuantMethod get(String id) {
        QuantMethod m = byId.get(id);
        if (m == null) {
            throw new IllegalArgumentException(
                    "unknown method '" + id + "' (known: " + String.join(", ", byId.keySet()) + ")");
        }
        return m;
    }

    /** All methods, in registration order. */
    public Collection<QuantMethod> all() {
        return byId.values();
    }
}
