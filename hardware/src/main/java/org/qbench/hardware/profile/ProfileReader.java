package org.qbench.hardware.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads one profile file with a strict Jackson mapper and turns every failure into a one-line
 * {@link ProfileFormatException}. Strict means: unknown or duplicate keys, trailing content and silent
 * coercions ({@code "4"} or {@code 4.5} for an int, {@code 1} for a boolean, {@code 5} for a string) are
 * errors, because a profile typo should fail loudly rather than deploy to the wrong constraints.
 */
final class ProfileReader {
    private static final JsonMapper MAPPER = strictMapper();

    private ProfileReader() {}

    static HardwareProfile read(String source, InputStream in) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(in, "in");
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
        }
        HardwareProfile profile;
        try {
            // Pass 1: syntax and unknown fields. Jackson reports an unknown field only after the record's
            // constructor has run, so a misspelt key would otherwise read as "required field missing".
            try (JsonParser parser = MAPPER.createParser(bytes)) {
                // Trailing content is checked here, by hand, to report it as such rather than as a type error.
                JsonNode tree = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readTree(parser);
                if (tree == null || tree.isMissingNode()) {
                    throw new ProfileFormatException(source, "", "empty input, expected a JSON object", null);
                }
                if (parser.nextToken() != null) {
                    throw new ProfileFormatException(source, "", "unexpected content after the JSON object"
                            + at(parser.currentTokenLocation()), null);
                }
                checkFields(source, tree, HardwareProfile.class, "");
            }
            // Pass 2: bind from the bytes rather than the tree, so type errors keep their line and column.
            profile = MAPPER.readValue(bytes, HardwareProfile.class);
        } catch (JsonProcessingException e) {
            throw translate(source, e);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (profile == null) {
            throw new ProfileFormatException(source, "", "expected a JSON object, got null", null);
        }
        return profile;
    }

    /**
     * Rejects object keys that are not components of the record bound there, recursing into record and
     * list-of-record components. Shapes other than the expected object are left to pass 2 to report.
     */
    private static void checkFields(String source, JsonNode node, Class<?> type, String path) {
        if (!type.isRecord() || !node.isObject()) {
            return;
        }
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            components.put(snakeCase(c.getName()), c);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String fieldPath = join(path, field.getKey());
            RecordComponent c = components.get(field.getKey());
            if (c == null) {
                throw new ProfileFormatException(source, fieldPath, "unknown field (known: "
                        + String.join(", ", new TreeSet<>(components.keySet())) + ")", null);
            }
            JsonNode value = field.getValue();
            if (c.getType().isRecord()) {
                checkFields(source, value, c.getType(), fieldPath);
            } else if (List.class.isAssignableFrom(c.getType()) && value.isArray()
                    && c.getGenericType() instanceof ParameterizedType pt
                    && pt.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                for (int i = 0; i < value.size(); i++) {
                    checkFields(source, value.get(i), element, fieldPath + "[" + i + "]");
                }
            }
        }
    }

    /** The JSON key of a record component: snake_case, as in every other qbench file. */
    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static JsonMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        fail(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Float, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Integer, CoercionInputShape.Float);
        fail(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        return mapper;
    }

    private static void fail(JsonMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }

    private static ProfileFormatException translate(String source, JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException r) {
                return new ProfileFormatException(source, "", "invalid JSON" + at(r.getLocation()) + ": "
                        + oneLine(r.getOriginalMessage()), e);
            }
        }
        if (!(e instanceof JsonMappingException)) {
            return new ProfileFormatException(source, "", oneLine(e.getOriginalMessage()) + at(e.getLocation()), e);
        }
        String path = path(((JsonMappingException) e).getPath());
        // Our own validation (records, Basis.fromId) surfaces as a cause of Jackson's wrapper.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof FieldException f) {
                return new ProfileFormatException(source, join(path, f.field()), f.problem(), e);
            }
            if (t instanceof IllegalArgumentException) {
                return new ProfileFormatException(source, path, oneLine(t.getMessage()), e);
            }
        }
        if (e instanceof UnrecognizedPropertyException) {
            // Normally caught by checkFields in pass 1; kept so that a gap there still fails clearly.
            return new ProfileFormatException(source, path, "unknown field", e);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ProfileFormatException(source, path, "wrong type: expected " + describe(m.getTargetType())
                    + at(m.getLocation()), e);
        }
        return new ProfileFormatException(source, path, oneLine(e.getOriginalMessage()) + at(e.getLocation()), e);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String join(String prefix, String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String at(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) {
            return "";
        }
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** Jackson messages can span lines and quote source snippets; a user error must be one line. */
    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
