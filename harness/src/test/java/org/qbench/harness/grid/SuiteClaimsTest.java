package org.qbench.harness.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qbench.harness.json.Json;

/**
 * A suite's optional {@code ablation} and {@code reduction} fields: read from the low-light suite's file (a test
 * fixture: its methods are not all registered on every branch; a suite does not look them up at load), written back
 * unchanged, left out of suites without them, and checked at load with one line naming the suite and the field.
 */
class SuiteClaimsTest {

    static final String FIXTURE = "suite-fixtures/survey-lowlight.json";

    /** The low-light suite as its file defines it. */
    static Suite lowlight() throws IOException {
        try (InputStream in = SuiteClaimsTest.class.getClassLoader().getResourceAsStream(FIXTURE)) {
            return Json.parse(in, Suite.class, FIXTURE);
        }
    }

    private static Suite parse(String json) throws IOException {
        return Json.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Suite.class, "test.json");
    }

    @Test
    void theLowlightSuiteReadsItsAblationAndReduction() throws IOException {
        Suite s = lowlight();
        assertEquals(new Ablation("brve", 1,
                "BRVE's full design has fewer parameters and higher PSNR/SSIM than each ablated variant"), s.ablation());
        Reduction r = s.reduction();
        assertEquals("brve", r.method());
        assertEquals(1, r.bits());
        assertEquals(98.0, r.percent());
        assertEquals(0.5, r.maxPsnrDropDb());
        assertEquals(List.of(new Reduction.Baseline("fp32", Map.of()), new Reduction.Baseline("fp32", Map.of("network", "unet"))),
                r.baselines());
        assertEquals(List.of("fp32", "fp32 (network=unet)"), r.baselines().stream().map(Reduction.Baseline::label).toList());
    }

    @Test
    void bothFieldsRoundTripAndSuitesWithoutThemWriteNeither() throws IOException {
        Suite s = lowlight();
        String json = Json.pretty().writeValueAsString(s);
        assertTrue(json.contains("\"max_psnr_drop_db\""), json);
        assertEquals(s, parse(json));
        for (Suite builtIn : Suites.builtIn().all()) {
            if (builtIn.id().equals(s.id())) {
                // The shipped suite has both fields (the fixture is an earlier copy with one more variant).
                assertEquals(s.ablation(), builtIn.ablation());
                assertEquals(s.reduction(), builtIn.reduction());
                assertEquals(builtIn, parse(Json.pretty().writeValueAsString(builtIn)));
                continue;
            }
            assertNull(builtIn.ablation(), builtIn.id());
            String written = Json.pretty().writeValueAsString(builtIn);
            assertFalse(written.contains("\"ablation\"") || written.contains("\"reduction\""), written);
            assertEquals(builtIn, parse(written));
        }
    }

    @Test
    void aBaselineMatchesTheCellsOfItsVariantOnly() {
        Reduction.Baseline unet = new Reduction.Baseline("fp32", Map.of("network", "unet"));
        RunSpec plain = new RunSpec("lowlight-video", "fp32", 32, 0, "quick", "fp32", 1, null, null, null, null, null, null);
        RunSpec withUnet = new RunSpec("lowlight-video", "fp32", 32, 0, "quick", "fp32", 1, null, null, null, null, null,
                Map.of("network", "unet"));
        assertTrue(unet.matches(withUnet));
        assertFalse(unet.matches(plain));
        assertTrue(new Reduction.Baseline("fp32", null).matches(plain));
        assertEquals(withUnet.variant(), unet.label());
    }

    /** The fixture's text with one replacement, which must apply. */
    private static String fixtureWith(String from, String to) throws IOException {
        String json;
        try (InputStream in = SuiteClaimsTest.class.getClassLoader().getResourceAsStream(FIXTURE)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(json.contains(from), from);
        return json.replace(from, to);
    }

    private static String failure(String from, String to) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(fixtureWith(from, to)));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains("survey-lowlight"), message);
        return message;
    }

    @Test
    void invalidFieldsFailAtLoadNamingSuiteAndField() {
        assertTrue(failure("\"ablation\": {\"method\": \"brve\"", "\"ablation\": {\"method\": \"brvx\"")
                .contains("ablation.method 'brvx'"));
        assertTrue(failure("\"ablation\": {\"method\": \"brve\", \"bits\": 1", "\"ablation\": {\"method\": \"brve\", \"bits\": 2")
                .contains("ablation.bits 2"));
        assertTrue(failure("\"reduction\": {\"method\": \"brve\"", "\"reduction\": {\"method\": \"lsqx\"")
                .contains("reduction.method 'lsqx'"));
        assertTrue(failure("\"reduction\": {\"method\": \"brve\", \"bits\": 1", "\"reduction\": {\"method\": \"brve\", \"bits\": 4")
                .contains("reduction.bits 4"));
        assertTrue(failure("\"percent\": 98", "\"percent\": 100").contains("reduction.percent"));
        assertTrue(failure("\"percent\": 98", "\"percent\": 0").contains("reduction.percent"));
        assertTrue(failure("\"max_psnr_drop_db\": 0.5", "\"max_psnr_drop_db\": -0.1").contains("reduction.max_psnr_drop_db"));
        assertTrue(failure("\"options\": {\"network\": \"unet\"}}]", "\"options\": {\"network\": \"resnet\"}}]")
                .contains("reduction.baselines names 'fp32 (network=resnet)'"));
        assertTrue(failure("\"baselines\": [{\"method\": \"fp32\"}, ", "\"baselines\": [{\"method\": \"pact\"}, ")
                .contains("reduction.baselines names 'pact'"));
    }
}
