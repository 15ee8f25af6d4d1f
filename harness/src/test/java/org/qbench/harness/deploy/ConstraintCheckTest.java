package org.qbench.harness.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.hardware.profile.DeployConstraints;
import org.qbench.hardware.profile.HardwareProfile;
import org.qbench.harness.deploy.ConstraintCheck.LayerFacts;

/** Deploy constraints against layer facts: fixtures for each constraint, then the facts of real quantizers. */
class ConstraintCheckTest {

    private static HardwareProfile profile(List<Integer> bits, boolean symmetricOnly, List<String> granularities, boolean pow2) {
        return new HardwareProfile("fixture", "a fixture", new DeployConstraints(bits, bits, symmetricOnly, granularities, pow2),
                List.of(), List.of(), false);
    }

    private static final LayerFacts PER_TENSOR_POW2 = new LayerFacts("model/0", 8, 8, "per-tensor", true, true);
    private static final LayerFacts PER_CHANNEL = new LayerFacts("model/1", 8, 8, "per-channel", true, false);
    private static final LayerFacts ZERO_POINT_4BIT = new LayerFacts("model/2", 4, 4, "per-tensor", false, false);

    @Test
    void perChannelWeightsBreakAPerTensorTarget() {
        ConstraintCheck c = ConstraintCheck.check(profile(List.of(8), false, List.of("per-tensor"), false),
                List.of(PER_TENSOR_POW2, PER_CHANNEL));
        assertEquals(List.of("per-channel weight scales (takes per-tensor) at model/1"), c.violations());
        assertTrue(ConstraintCheck.check(profile(List.of(8), false, List.of("per-tensor", "per-channel"), false),
                List.of(PER_TENSOR_POW2, PER_CHANNEL)).fits());
    }

    @Test
    void learnedScalesBreakAShiftOnlyTarget() {
        ConstraintCheck c = ConstraintCheck.check(profile(List.of(8), false, List.of("per-tensor", "per-channel"), true),
                List.of(PER_TENSOR_POW2, PER_CHANNEL));
        assertEquals(List.of("scales that are not powers of two at model/1"), c.violations());
        assertTrue(ConstraintCheck.check(profile(List.of(8), false, List.of("per-tensor"), true), List.of(PER_TENSOR_POW2)).fits());
    }

    @Test
    void widthsAndZeroPointsAreCheckedWithEveryBreakNamed() {
        ConstraintCheck c = ConstraintCheck.check(profile(List.of(8), true, List.of("per-tensor"), false),
                List.of(PER_TENSOR_POW2, ZERO_POINT_4BIT));
        assertEquals(List.of("4-bit weights (takes [8]) at model/2", "4-bit activations (takes [8]) at model/2",
                "zero points (symmetric only) at model/2"), c.violations());
    }

    @Test
    void powersOfTwoAreExact() {
        assertTrue(ConstraintCheck.isPowerOfTwo(0.125f));
        assertTrue(ConstraintCheck.isPowerOfTwo(4f));
        assertFalse(ConstraintCheck.isPowerOfTwo(0.1f));
        assertFalse(ConstraintCheck.isPowerOfTwo(0f));
        assertFalse(ConstraintCheck.isPowerOfTwo(Float.MIN_VALUE)); // subnormal: not a scale any shifter takes
    }

    @Test
    void factsOfTrainedQuantizers() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block lsq = OnnxExporterTest.network(m, "lsq", 4);
            List<LayerFacts> facts = ConstraintCheck.facts(lsq);
            assertEquals(10, facts.size(), "stem, 6 body convs, 2 shortcuts, head: " + facts);
            LayerFacts stem = facts.get(0);
            assertEquals(8, stem.weightBits(), "the first layer stays at 8 bits");
            assertEquals(32, stem.activationBits(), "the stem's input is the image itself, not a run-time grid");
            LayerFacts body = facts.get(1);
            assertEquals(4, body.weightBits());
            assertEquals(4, body.activationBits());
            assertTrue(body.symmetric());
            assertFalse(body.powerOfTwoScales(), "LSQ learns real-valued steps");
            ConstraintCheck binaryOnly = ConstraintCheck.check(profile(List.of(1), true, List.of("per-channel"), false), facts);
            assertEquals(List.of("8-bit weights (takes [1]) at model/0 and 9 more",
                    "4-bit activations (takes [1]) at model/3/0/branch/0 and 8 more",
                    "per-tensor weight scales (takes per-channel) at model/0 and 9 more"), binaryOnly.violations());
        }
    }
}
