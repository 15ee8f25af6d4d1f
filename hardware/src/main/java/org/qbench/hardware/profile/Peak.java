package org.qbench.hardware.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A peak throughput figure of a target at one bit width, with where the number comes from. A peak is
 * the denominator of "% of peak" in the kernel tables, so its basis travels with it and is printed beside
 * it: a derived or datasheet figure is never presented as a measurement.
 *
 * @param bits the operand bit width the figure is for, in 1..8, or 32 for float32 (the baseline)
 * @param gops giga-operations per second, counting a multiply-accumulate as two operations (the same
 *     convention as the kernels' {@code 2·M·N·K / time}); finite and positive
 * @param basis where the number comes from
 * @param source for {@link Basis#DERIVED} the formula (e.g. {@code cores x GHz x 32 lanes x 2 ops}), for
 *     {@link Basis#DATASHEET} the citation, for {@link Basis#MEASURED} the benchmark and result file
 */
public record Peak(int bits, double gops, Basis basis, String source) {

    /** Where a peak figure comes from; serialised as its lower-case {@link #id()}. */
    public enum Basis {
        /** Timed by this suite's own benchmarks on the machine at hand. */
        MEASURED,
        /** Computed from machine parameters by a stated formula; nothing was timed. */
        DERIVED,
        /** Copied from a vendor's datasheet or a paper, with the citation. */
        DATASHEET;

        /** The stable id used in profile files: the constant's name in lower case. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The basis with this {@link #id()}.
         *
         * @throws IllegalArgumentException naming the accepted ids when {@code id} is not one of them
         */
        @JsonCreator
        public static Basis fromId(String id) {
            for (Basis b : values()) {
                if (b.id().equals(id)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown value '" + id + "' (expected "
                    + Arrays.stream(values()).map(Basis::id).collect(Collectors.joining(", ")) + ")");
        }
    }

    /** The bit width of a float32 peak. */
    public static final int FLOAT_BITS = 32;

    /** Validates every component. */
    public Peak {
        if ((bits < DeployConstraints.MIN_BITS || bits > DeployConstraints.MAX_BITS) && bits != FLOAT_BITS) {
            throw new FieldException("bits", "must be in " + DeployConstraints.MIN_BITS + ".."
                    + DeployConstraints.MAX_BITS + " or " + FLOAT_BITS + ", got " + bits);
        }
        if (!Double.isFinite(gops) || gops <= 0) {
            throw new FieldException("gops", "must be a finite positive number, got " + gops);
        }
        Checks.required(basis, "basis");
        Checks.nonBlank(source, "source");
    }

    /** JSON entry point: boxed parameters so that a missing number fails instead of reading as zero. */
    @JsonCreator
    static Peak fromJson(
            @JsonProperty("bits") Integer bits,
            @JsonProperty("gops") Double gops,
            @JsonProperty("basis") Basis basis,
            @JsonProperty("source") String source) {
        return new Peak(Checks.required(bits, "bits"), Checks.required(gops, "gops"), basis, source);
    }
}
