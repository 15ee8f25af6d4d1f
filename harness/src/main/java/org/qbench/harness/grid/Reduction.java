package org.qbench.harness.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A suite's claim that a method cuts cost by a share without losing much quality, "{@code percent} % fewer
 * parameters and operations than each baseline, PSNR within {@code maxPsnrDropDb}", judged per baseline and
 * evaluation subset (see {@code tables.ReductionTable}). Cost follows the convention binarization papers (BRVE,
 * BiBench) use: parameters counted as storage (bits / 32) and operations as Bi-Real OPs.
 *
 * @param method the method the claim is about
 * @param bits its bit width
 * @param percent the reduction claimed, in percent, for both parameters and operations (0 &lt; percent &lt; 100)
 * @param maxPsnrDropDb the largest PSNR drop (dB) the claim allows, at least 0
 * @param baselines the full-precision variants the reduction is measured against, each a variant the suite runs
 * @param statement the claim in words, printed with the verdicts
 */
public record Reduction(String method, int bits, double percent, double maxPsnrDropDb, List<Baseline> baselines,
        String statement) {

    /** Validates presence; ranges and whether the suite runs each cell are {@link Suite}'s checks (they name it). */
    public Reduction {
        Objects.requireNonNull(method, "reduction.method");
        Objects.requireNonNull(statement, "reduction.statement");
        baselines = baselines == null ? List.of() : List.copyOf(baselines);
    }

    /**
     * One baseline: a method with options, exactly as a suite lists it (no options: the method as published).
     *
     * @param method method id
     * @param options the options of the variant (optional)
     */
    public record Baseline(String method, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> options) {
        /** Validates presence. */
        public Baseline {
            Objects.requireNonNull(method, "reduction.baselines[].method");
            options = options == null ? Map.of() : Map.copyOf(options);
        }

        /** The variant as tables name its row ({@code fp32 (network=unet)}), as {@link RunSpec#variant()} does. */
        public String label() {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(options).forEach((k, v) -> parts.add(k + "=" + v));
            return parts.isEmpty() ? method : method + " (" + String.join(", ", parts) + ")";
        }

        /** Whether a cell runs this variant: the same method and the same options (none = none). */
        public boolean matches(RunSpec spec) {
            return spec.method().equals(method) && options.equals(spec.options() == null ? Map.of() : spec.options());
        }
    }
}
