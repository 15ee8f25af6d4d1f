package org.qbench.harness.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import org.qbench.tasks.Metric;

/**
 * The one JSON configuration of qbench: snake_case keys, sorted keys and map entries (so files diff cleanly
 * and hash canonically), unknown keys rejected, duplicate keys rejected.
 */
public final class Json {

    private static final ObjectMapper PRETTY = base().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper COMPACT = base().build();

    private Json() {}

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                // A metric's optional fields (decimals, tolerance, subset, protocol) are left out when absent, so
                // results written before they existed and after read and write alike.
                .withConfigOverride(Metric.class, o -> o.setInclude(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL)));
    }

    /** Indented, for files people read. */
    public static ObjectMapper pretty() {
        return PRETTY;
    }

    /** No whitespace, for canonical forms that get hashed. */
    public static ObjectMapper compact() {
        return COMPACT;
    }

    /**
     * Reads one value, turning any fault into a one-line message naming the source.
     *
     * @throws IllegalArgumentException {@code "<source>: <problem> (line L, column C)"}
     */
    public static <T> T parse(InputStream in, Class<T> type, String source) throws IOException {
        try {
            return PRETTY.readValue(in, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": " + describe(e), e);
        }
    }

    /** A one-line description of a Jackson fault: the problem, the field path and the location. */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            message = cause.getMessage(); // a record constructor's own validation message
        }
        message = message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
        StringBuilder sb = new StringBuilder(message);
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            sb.append(" at ");
            boolean first = true;
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    sb.append(first ? "" : ".").append(ref.getFieldName());
                } else {
                    sb.append('[').append(ref.getIndex()).append(']');
                }
                first = false;
            }
        }
        if (e.getLocation() != null) {
            sb.append(" (line ").append(e.getLocation().getLineNr()).append(", column ")
                    .append(e.getLocation().getColumnNr()).append(')');
        }
        return sb.toString();
    }
}
