package org.qbench.hardware.profile;

/**
 * A validation failure that knows which field it is about, so the JSON reader can prefix the path of the
 * enclosing object ({@code peaks[0]} + {@code bits}) instead of parsing a message.
 */
final class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    FieldException(String field, String problem) {
        super("field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The field, relative to the record that threw, e.g. {@code weightBits[2]}. */
    String field() {
        return field;
    }

    /** What is wrong with it, without the field name. */
    String problem() {
        return problem;
    }
}
