package org.qbench.hardware.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code MxNxK}, the form the JMH benchmark takes its shape in: parsed back to what {@code toString} wrote. */
class GemmShapeTest {

    @Test
    void parseReadsWhatToStringWrites() {
        GemmShape s = new GemmShape(12544, 8, 72);
        assertEquals("12544x8x72", s.toString());
        assertEquals(s, GemmShape.parse(s.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "784x64", "784x64x576x1", "784 x 64 x 576", "784x64xk", "0x64x576", "-1x64x576", "784X64X576"})
    void parseRefusesAnythingElseNamingTheForm(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmShape.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'") || e.getMessage().contains("positive"), e.getMessage());
    }
}
