package org.qbench.hardware.profile;

/**
 * A profile file that cannot be read: invalid JSON, an unknown or missing field, or a value a record
 * rejects. The message is one line, {@code <source>: field '<path>': <problem>} (or
 * {@code <source>: <problem>} when no single field is at fault), ready to print as a user error.
 */
public final class ProfileFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String field;
    private final String problem;

    ProfileFormatException(String source, String field, String problem, Throwable cause) {
        super(source + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + problem, cause);
        this.source = source;
        this.field = field;
        this.problem = problem;
    }

    /** The file or resource name the profile was read from. */
    public String source() {
        return source;
    }

    /** The JSON path of the offending field, e.g. {@code peaks[0].basis}; empty when no field is at fault. */
    public String field() {
        return field;
    }

    /** What is wrong, without the source and field. */
    public String problem() {
        return problem;
    }
}
