package org.qbench.harness.grid;

import java.util.Objects;

/**
 * A suite's ablation study: every variant of {@code method} at {@code bits} that the suite runs (the method with
 * options, e.g. {@code brve (shift=none)}) set against the method as published, judged per variant and evaluation
 * subset on "the full design has fewer (or equal) parameters and higher quality" (see {@code tables.AblationTable}).
 *
 * @param method the method whose variants are ablations of it
 * @param bits the bit width they are compared at
 * @param statement the claim in words, printed with the verdicts
 */
public record Ablation(String method, int bits, String statement) {

    /** Validates presence; whether the suite runs the method at these bits is {@link Suite}'s check. */
    public Ablation {
        Objects.requireNonNull(method, "ablation.method");
        Objects.requireNonNull(statement, "ablation.statement");
    }
}
