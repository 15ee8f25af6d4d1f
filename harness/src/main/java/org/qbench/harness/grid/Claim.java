package org.qbench.harness.grid;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A claim a suite exists to test, "{@code method} is best at this bit width", judged per bit width in the
 * suite's table (see {@code tables.Verdict}).
 *
 * @param method the method the claim is about
 * @param bits the bit widths the claim is made at
 * @param statement the claim in words, printed beside the verdict row
 * @param metric the metric the claim is judged on (null: the task's first metric), in its own direction
 */
public record Claim(String method, List<Integer> bits, String statement,
        @JsonInclude(JsonInclude.Include.NON_NULL) String metric) {

    /** Validates presence. */
    public Claim {
        Objects.requireNonNull(method, "claim.method");
        Objects.requireNonNull(statement, "claim.statement");
        if (bits == null || bits.isEmpty()) {
            throw new IllegalArgumentException("claim about '" + method + "' lists no bits");
        }
        bits = List.copyOf(bits);
    }
}
