package org.qbench.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks every registered profile, so a new profile file is covered by adding it to the registry. */
class ShippedProfilesContractTest {

    static List<HardwareProfile> shipped() {
        return Profiles.builtIn().all();
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void roundTripsThroughJson(HardwareProfile profile) throws Exception {
        // profiles use snake_case keys, like every other qbench file
        byte[] json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE).build()
                .writeValueAsBytes(profile);
        assertEquals(profile, Profiles.parse(profile.id() + " (re-serialised)", new ByteArrayInputStream(json)));
    }

    /**
     * Measured figures depend on the machine and belong in {@code results/kernels/}; a shipped file that
     * carried one would present another machine's timing as this one's.
     */
    @ParameterizedTest
    @MethodSource("shipped")
    void shipsNoMeasuredPeaks(HardwareProfile profile) {
        for (Peak peak : profile.peaks()) {
            assertNotEquals(Peak.Basis.MEASURED, peak.basis(), profile.id());
        }
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void descriptionIsOneLine(HardwareProfile profile) {
        assertFalse(profile.description().contains("\n"), profile.id());
    }
}
