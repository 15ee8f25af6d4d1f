package org.qbench.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProfileParseTest {

    private static final String SOURCE = "fixture.json";

    /** A valid profile; each malformed fixture is this text with one thing broken. */
    private static final String VALID = """
            {
              "id": "test-target",
              "description": "A fixture.",
              "constraints": {
                "weight_bits": [2, 4],
                "activation_bits": [8],
                "symmetric_only": true,
                "granularities": ["per-channel"],
                "power_of_two_scales": false
              },
              "kernels": ["gemm-s8-scalar"],
              "peaks": [
                {"bits": 8, "gops": 12.5, "basis": "derived", "source": "2 cores x 3.125 GHz x 2 ops/cycle"}
              ],
              "runnable_here": false
            }
            """;

    private static HardwareProfile parse(String json) {
        return Profiles.parse(SOURCE, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String broken(String from, String to) {
        assertTrue(VALID.contains(from), from);
        return VALID.replace(from, to);
    }

    @Test
    void validFixtureParses() {
        HardwareProfile p = parse(VALID);
        assertEquals("test-target", p.id());
        assertEquals(new DeployConstraints(List.of(2, 4), List.of(8), true, List.of("per-channel"), false),
                p.constraints());
        assertEquals(List.of("gemm-s8-scalar"), p.kernels());
        assertEquals(List.of(new Peak(8, 12.5, Peak.Basis.DERIVED, "2 cores x 3.125 GHz x 2 ops/cycle")),
                p.peaks());
        assertFalse(p.runnableHere());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown basis", broken("\"derived\"", "\"guess\""),
                        "fixture.json: field 'peaks[0].basis': unknown value 'guess' (expected measured, derived,"
                                + " datasheet)"),
                Arguments.of("missing id", broken("\"id\": \"test-target\",", ""),
                        "fixture.json: field 'id': required but missing or null"),
                Arguments.of("weight bits 9", broken("[2, 4]", "[2, 9]"),
                        "fixture.json: field 'constraints.weight_bits[1]': must be in 1..8, got 9"),
                Arguments.of("peak bits 9", broken("\"bits\": 8", "\"bits\": 9"),
                        "fixture.json: field 'peaks[0].bits': must be in 1..8 or 32, got 9"),
                Arguments.of("unsorted bits", broken("[2, 4]", "[4, 2]"),
                        "fixture.json: field 'constraints.weight_bits[1]': must be in ascending order without"
                                + " duplicates, got [4, 2]"),
                Arguments.of("unknown granularity", broken("\"per-channel\"", "\"per-row\""),
                        "fixture.json: field 'constraints.granularities[0]': unknown value 'per-row' (expected"
                                + " per-tensor, per-channel, per-group)"),
                Arguments.of("id not kebab-case", broken("\"test-target\"", "\"Test_Target\""),
                        "fixture.json: field 'id': 'Test_Target' is not a lower-kebab-case id (e.g. 'jvm-scalar')"),
                Arguments.of("missing boolean", broken("\"symmetric_only\": true,", ""),
                        "fixture.json: field 'constraints.symmetric_only': required but missing or null"),
                Arguments.of("missing top-level boolean", broken(",\n  \"runnable_here\": false", ""),
                        "fixture.json: field 'runnable_here': required but missing or null"),
                Arguments.of("zero gops", broken("12.5", "0"),
                        "fixture.json: field 'peaks[0].gops': must be a finite positive number, got 0.0"),
                Arguments.of("blank source", broken("\"2 cores x 3.125 GHz x 2 ops/cycle\"", "\" \""),
                        "fixture.json: field 'peaks[0].source': must not be blank"),
                Arguments.of("null kernel", broken("[\"gemm-s8-scalar\"]", "[\"gemm-s8-scalar\", null]"),
                        "fixture.json: field 'kernels[1]': required but missing or null"),
                Arguments.of("duplicate kernel", broken("[\"gemm-s8-scalar\"]",
                                "[\"gemm-s8-scalar\", \"gemm-s8-scalar\"]"),
                        "fixture.json: field 'kernels[1]': duplicate value 'gemm-s8-scalar'"),
                Arguments.of("measured peak on a profile not runnable here", broken("\"derived\"", "\"measured\""),
                        "fixture.json: field 'peaks[0].basis': 'measured' on a profile that is not runnable here;"
                                + " use 'derived' or 'datasheet'"),
                Arguments.of("unknown field", broken("\"power_of_two_scales\"", "\"power_of_2_scales\""),
                        "fixture.json: field 'constraints.power_of_2_scales': unknown field (known: activation_bits,"
                                + " granularities, power_of_two_scales, symmetric_only, weight_bits)"),
                Arguments.of("string for an int", broken("\"bits\": 8", "\"bits\": \"8\""),
                        "fixture.json: field 'peaks[0].bits': wrong type: expected an integer at line 13,"
                                + " column 14"),
                Arguments.of("fraction for an int", broken("[2, 4]", "[2, 4.5]"),
                        "fixture.json: field 'constraints.weight_bits[1]': wrong type: expected an integer at"
                                + " line 5, column 24"),
                Arguments.of("number for a boolean", broken("\"symmetric_only\": true", "\"symmetric_only\": 1"),
                        "fixture.json: field 'constraints.symmetric_only': wrong type: expected true or false at"
                                + " line 7, column 23"),
                Arguments.of("number for a string", broken("\"A fixture.\"", "42"),
                        "fixture.json: field 'description': wrong type: expected a string at line 3,"
                                + " column 18"),
                Arguments.of("null document", "null", "fixture.json: expected a JSON object, got null"),
                Arguments.of("array document", "[]",
                        "fixture.json: wrong type: expected an object at line 1, column 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFixtureGivesOneLineNamingSourceAndField(String what, String json, String expected) {
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse(json));
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void invalidJsonNamesSourceAndPosition() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> parse(broken("\"kernels\": [\"gemm-s8-scalar\"],", "\"kernels\": [\"gemm-s8-scalar\"")));
        assertEquals("fixture.json: invalid JSON at line 12, column 3: Unexpected character ('\"' (code 34)):"
                + " was expecting comma to separate Array entries", e.getMessage());
        assertEquals("", e.field());
    }

    @Test
    void duplicateKeyIsInvalidJson() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> parse(broken("\"id\": \"test-target\",", "\"id\": \"a\", \"id\": \"b\",")));
        assertEquals("fixture.json: invalid JSON at line 2, column 18: Duplicate field 'id'", e.getMessage());
    }

    @Test
    void trailingContentIsRejected() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse(VALID + "{}"));
        assertEquals("fixture.json: unexpected content after the JSON object at line 17, column 1", e.getMessage());
    }

    @Test
    void emptyInputIsRejected() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse(" \n"));
        assertEquals("fixture.json: empty input, expected a JSON object", e.getMessage());
    }

    @Test
    void exceptionCarriesSourceFieldAndProblemSeparately() {
        ProfileFormatException e =
                assertThrows(ProfileFormatException.class, () -> parse(broken("\"derived\"", "\"guess\"")));
        assertEquals(SOURCE, e.source());
        assertEquals("peaks[0].basis", e.field());
        assertEquals("unknown value 'guess' (expected measured, derived, datasheet)", e.problem());
    }

    @Test
    void streamIsLeftOpenForTheCaller() {
        boolean[] closed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream(VALID.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Profiles.parse(SOURCE, in);
        assertFalse(closed[0]);
    }
}
