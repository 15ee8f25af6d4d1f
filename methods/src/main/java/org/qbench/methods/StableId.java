package org.qbench.methods;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A value with a stable id used on the command line and in files, never its Java name. */
public interface StableId {

    /** The stable id. */
    String id();

    /**
     * The constant of {@code type} with this id.
     *
     * @param kind what the constants are, for the message ({@code budget}, …)
     * @throws IllegalArgumentException {@code unknown <kind> '<id>' (known: a, b)}
     */
    static <E extends Enum<E> & StableId> E parse(Class<E> type, String kind, String id) {
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + kind + " '" + id + "' (known: "
                + Arrays.stream(type.getEnumConstants()).map(StableId::id).collect(Collectors.joining(", ")) + ")");
    }
}
