package org.qbench.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilesTest {

    @Test
    void everyShippedProfileLoadsInRegistrationOrder() {
        Profiles profiles = Profiles.builtIn();
        assertEquals(Profiles.BUILT_IN_RESOURCES.size(), profiles.all().size());
        assertEquals(List.of("jvm-scalar", "jvm-simd", "ort-cpu", "x86-avx512-vnni-server", "arm-neon-dotprod-phone",
                "gpu-int8-int4-tensor-core", "binary-xnor-accelerator"), profiles.ids());
    }

    @Test
    void shippedIdsAreUniqueAndMatchTheirFileNames() {
        List<String> ids = Profiles.builtIn().ids();
        assertEquals(ids.size(), new HashSet<>(ids).size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("profiles/" + ids.get(i) + ".json", Profiles.BUILT_IN_RESOURCES.get(i));
        }
    }

    @Test
    void builtInIsLoadedOnce() {
        assertSame(Profiles.builtIn(), Profiles.builtIn());
    }

    @Test
    void getReturnsTheProfileWithThatId() {
        assertEquals("jvm-simd", Profiles.builtIn().get("jvm-simd").id());
        assertTrue(Profiles.builtIn().find("jvm-scalar").isPresent());
        assertFalse(Profiles.builtIn().find("tpu-v9").isPresent());
    }

    @Test
    void unknownIdErrorListsTheKnownIds() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Profiles.builtIn().get("tpu-v9"));
        assertEquals("unknown hardware profile 'tpu-v9' (known: jvm-scalar, jvm-simd, ort-cpu, x86-avx512-vnni-server, "
                + "arm-neon-dotprod-phone, gpu-int8-int4-tensor-core, binary-xnor-accelerator)", e.getMessage());
    }

    @Test
    void duplicateIdIsRejected() {
        HardwareProfile p = Profiles.builtIn().get("jvm-scalar");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Profiles.of(List.of(p, p)));
        assertEquals("duplicate hardware profile id 'jvm-scalar'", e.getMessage());
    }

    @Test
    void duplicateIdAcrossResourcesNamesBothFiles() {
        String r = Profiles.BUILT_IN_RESOURCES.get(0);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Profiles.load(List.of(r, r)));
        assertEquals(r + ": duplicate hardware profile id 'jvm-scalar' (already defined by " + r + ")",
                e.getMessage());
    }

    @Test
    void missingResourceIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Profiles.load(List.of("profiles/no-such-profile.json")));
        assertEquals("profiles/no-such-profile.json: resource not found on the classpath", e.getMessage());
    }

    @Test
    void listsAreImmutable() {
        Profiles profiles = Profiles.builtIn();
        assertThrows(UnsupportedOperationException.class, () -> profiles.all().clear());
        assertThrows(UnsupportedOperationException.class, () -> profiles.ids().clear());
    }
}
