package org.qbench.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records' own validation, without JSON in between. */
class HardwareProfileTest {

    private static final DeployConstraints ANY = new DeployConstraints(List.of(1, 2, 4, 8), List.of(1, 2, 4, 8),
            false, List.of("per-tensor", "per-channel", "per-group"), false);

    private static HardwareProfile profile(List<Peak> peaks, boolean runnableHere) {
        return new HardwareProfile("x-target", "d", ANY, List.of(), peaks, runnableHere);
    }

    @Test
    void constructorMessagesNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HardwareProfile(null, "d", ANY, List.of(), List.of(), true));
        assertEquals("field 'id': required but missing or null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Peak(0, 1, Peak.Basis.DERIVED, "f"));
        assertEquals("field 'bits': must be in 1..8 or 32, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Peak(8, Double.NaN, Peak.Basis.DERIVED, "f"));
        assertEquals("field 'gops': must be a finite positive number, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DeployConstraints(List.of(), List.of(8), false, List.of("per-tensor"), false));
        assertEquals("field 'weight_bits': must name at least one bit width", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DeployConstraints(List.of(8), List.of(8), false, List.of("per-tensor", "per-tensor"),
                        false));
        assertEquals("field 'granularities[1]': duplicate value 'per-tensor'", e.getMessage());
    }

    @Test
    void listsAreDefensiveImmutableCopies() {
        List<Integer> bits = new ArrayList<>(List.of(2, 4));
        DeployConstraints c = new DeployConstraints(bits, List.of(8), false, List.of("per-tensor"), false);
        bits.add(8);
        assertEquals(List.of(2, 4), c.weightBits());
        assertThrows(UnsupportedOperationException.class, () -> c.weightBits().add(8));
    }

    @Test
    void supportsBitsChecksBothWidths() {
        DeployConstraints c = new DeployConstraints(List.of(2, 4), List.of(8), false, List.of("per-tensor"), false);
        assertTrue(c.supportsBits(4, 8));
        assertFalse(c.supportsBits(3, 8));
        assertFalse(c.supportsBits(4, 4));
    }

    @Test
    void measuredPeaksOnlyOnProfilesRunnableHere() {
        Peak measured = new Peak(8, 10, Peak.Basis.MEASURED, "results/kernels/x.json");
        assertEquals(List.of(measured), profile(List.of(measured), true).peaks());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> profile(List.of(measured), false));
        assertEquals("field 'peaks[0].basis': 'measured' on a profile that is not runnable here; use 'derived'"
                + " or 'datasheet'", e.getMessage());
    }

    @Test
    void onePeakPerBitsAndBasis() {
        Peak a = new Peak(8, 10, Peak.Basis.DERIVED, "f");
        Peak b = new Peak(8, 20, Peak.Basis.DATASHEET, "vendor, table 3");
        assertEquals(2, profile(List.of(a, b), false).peaks().size());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> profile(List.of(a, b, a), false));
        assertEquals("field 'peaks[2]': second derived peak for 8 bits (the first is peaks[0])", e.getMessage());
    }

    @Test
    void basisIdsAreLowerCaseAndRoundTrip() {
        for (Peak.Basis b : Peak.Basis.values()) {
            assertEquals(b.name().toLowerCase(java.util.Locale.ROOT), b.id());
            assertEquals(b, Peak.Basis.fromId(b.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Peak.Basis.fromId("MEASURED"));
        assertEquals("unknown value 'MEASURED' (expected measured, derived, datasheet)", e.getMessage());
    }
}
