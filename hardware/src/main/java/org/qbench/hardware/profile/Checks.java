package org.qbench.hardware.profile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Shared validation helpers for the profile records; every failure is a {@link FieldException}. */
final class Checks {
    /** Lower-kebab-case: starts with a letter, words of {@code [a-z0-9]} joined by single hyphens. */
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private Checks() {}

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new FieldException(field, "required but missing or null");
        }
        return value;
    }

    static String kebabId(String value, String field) {
        required(value, field);
        if (!KEBAB.matcher(value).matches()) {
            throw new FieldException(field, "'" + value + "' is not a lower-kebab-case id (e.g. 'jvm-scalar')");
        }
        return value;
    }

    static String nonBlank(String value, String field) {
        required(value, field);
        if (value.isBlank()) {
            throw new FieldException(field, "must not be blank");
        }
        return value;
    }

    /** An immutable copy of {@code list}, rejecting a missing list and null elements. */
    static <T> List<T> elements(List<T> list, String field) {
        required(list, field);
        List<T> copy = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            copy.add(required(list.get(i), field + "[" + i + "]"));
        }
        return List.copyOf(copy);
    }

    /** Rejects a repeated element, naming the index of the second occurrence. */
    static <T> void distinct(List<T> list, String field) {
        Set<T> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!seen.add(list.get(i))) {
                throw new FieldException(field + "[" + i + "]", "duplicate value '" + list.get(i) + "'");
            }
        }
    }
}
