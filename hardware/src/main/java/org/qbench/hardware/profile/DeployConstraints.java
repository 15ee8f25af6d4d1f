package org.qbench.hardware.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a quantized model must look like to deploy on a target: the table of quantizer constraints a
 * backend imposes (cf. MQBench's {@code prepare_by_platform}).
 *
 * @param weightBits the weight bit widths the target's kernels take, ascending, each in 1..8, no duplicates
 * @param activationBits the activation bit widths, with the same rules
 * @param symmetricOnly {@code true} when the kernels have no zero-point support, so every quantizer must
 *     be symmetric
 * @param granularities the scale granularities the kernels accept, each one of {@link #GRANULARITIES}, no
 *     duplicates
 * @param powerOfTwoScales {@code true} when every scale must be a power of two (shift-only rescaling)
 */
public record DeployConstraints(
        List<Integer> weightBits,
        List<Integer> activationBits,
        boolean symmetricOnly,
        List<String> granularities,
        boolean powerOfTwoScales) {

    /** Smallest bit width a profile may name. */
    public static final int MIN_BITS = 1;

    /** Largest bit width a profile may name; wider integer paths are outside this suite. */
    public static final int MAX_BITS = 8;

    /**
     * The granularity ids a profile may name; the same ids as the methods module's {@code Granularity},
     * repeated here because this module depends on no other qbench module.
     */
    public static final List<String> GRANULARITIES = List.of("per-tensor", "per-channel", "per-group");

    /** Validates every component and makes the lists immutable copies. */
    public DeployConstraints {
        weightBits = bitList(weightBits, "weight_bits");
        activationBits = bitList(activationBits, "activation_bits");
        granularities = Checks.elements(granularities, "granularities");
        if (granularities.isEmpty()) {
            throw new FieldException("granularities", "must name at least one granularity");
        }
        for (int i = 0; i < granularities.size(); i++) {
            if (!GRANULARITIES.contains(granularities.get(i))) {
                throw new FieldException("granularities[" + i + "]", "unknown value '" + granularities.get(i)
                        + "' (expected " + String.join(", ", GRANULARITIES) + ")");
            }
        }
        Checks.distinct(granularities, "granularities");
    }

    /** JSON entry point: boxed parameters so that a missing boolean fails instead of reading as false. */
    @JsonCreator
    static DeployConstraints fromJson(
            @JsonProperty("weight_bits") List<Integer> weightBits,
            @JsonProperty("activation_bits") List<Integer> activationBits,
            @JsonProperty("symmetric_only") Boolean symmetricOnly,
            @JsonProperty("granularities") List<String> granularities,
            @JsonProperty("power_of_two_scales") Boolean powerOfTwoScales) {
        return new DeployConstraints(
                weightBits,
                activationBits,
                Checks.required(symmetricOnly, "symmetric_only"),
                granularities,
                Checks.required(powerOfTwoScales, "power_of_two_scales"));
    }

    /** Whether a model with these weight and activation bit widths fits the target. */
    public boolean supportsBits(int weight, int activation) {
        return weightBits.contains(weight) && activationBits.contains(activation);
    }

    private static List<Integer> bitList(List<Integer> bits, String field) {
        List<Integer> copy = Checks.elements(bits, field);
        if (copy.isEmpty()) {
            throw new FieldException(field, "must name at least one bit width");
        }
        for (int i = 0; i < copy.size(); i++) {
            int b = copy.get(i);
            if (b < MIN_BITS || b > MAX_BITS) {
                throw new FieldException(field + "[" + i + "]",
                        "must be in " + MIN_BITS + ".." + MAX_BITS + ", got " + b);
            }
            if (i > 0 && b <= copy.get(i - 1)) {
                throw new FieldException(field + "[" + i + "]",
                        "must be in ascending order without duplicates, got " + copy);
            }
        }
        return copy;
    }
}
