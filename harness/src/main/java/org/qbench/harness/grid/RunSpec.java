package org.qbench.harness.grid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import org.qbench.harness.results.Json;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Task;
import org.qbench.tasks.Tasks;

/**
 * One cell of an experiment grid: everything needed to rebuild a run. Its {@link #runId()} is the first 16 hex
 * digits of the SHA-256 of its canonical JSON (sorted keys, no whitespace), so the same spec always maps to
 * the same result file.
 *
 * @param task task id
 * @param method method id
 * @param bits bit width of weights and activations (32 for full precision)
 * @param seed the run's seed
 * @param budget budget id
 * @param firstLast first/last-layer precision protocol id
 * @param protocol version of the training protocol; bumped when a change in code moves the numbers, so old
 *     results are not reused as if they were new
 * @param epochs training epochs instead of the budget's, or null for the budget's own (a suite sets it to fit
 *     its grid in its time target); left out of the JSON when null, so specs without it keep their run ids
 * @param methodVersion the method's implementation version ({@link QuantMethod#version()}) when above 1, else
 *     null and left out of the JSON, so runs of methods never revised keep their run ids and a revised method's
 *     new runs never share an id with its old ones
 */
public record RunSpec(
        String task, String method, int bits, long seed, String budget, String firstLast, int protocol,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer epochs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer methodVersion) {

    /** The protocol version of the current code (see {@code CHANGELOG.md}). */
    public static final int CURRENT_PROTOCOL = 1;

    /** Checks ids and that the method supports the bit width and the task. */
    public RunSpec {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(firstLast, "firstLast");
        Task t = Tasks.builtIn().get(task);
        QuantMethod m = Methods.builtIn().get(method);
        Budget.fromId(budget);
        m.check(new MethodConfig(bits, FirstLastPrecision.fromId(firstLast)), t.kind());
        if (methodVersion != null && methodVersion < 2) {
            throw new IllegalArgumentException("method_version " + methodVersion + " is written only above 1 (absent = 1)");
        }
        if (epochs != null && (epochs < 1 || epochs > MAX_EPOCHS)) {
            throw new IllegalArgumentException("epochs " + epochs + " is out of range (1.." + MAX_EPOCHS + ")");
        }
    }

    /** Largest accepted epoch override. */
    public static final int MAX_EPOCHS = 1000;

    /** A spec under the current protocol, with the budget's own epochs. */
    public static RunSpec of(String task, String method, int bits, long seed, Budget budget, FirstLastPrecision firstLast) {
        return new RunSpec(task, method, bits, seed, budget.id(), firstLast.id(), CURRENT_PROTOCOL, null,
                versionField(Methods.builtIn().get(method).version()));
    }

    /** A method version as the spec records it: null for version 1. */
    static Integer versionField(int version) {
        return version > 1 ? version : null;
    }

    /** The method version this spec was run with (1 when the field is absent). */
    public int methodVersionOrOne() {
        return methodVersion == null ? 1 : methodVersion;
    }

    /** This spec trained for {@code n} epochs instead (null: the budget's). */
    public RunSpec withEpochs(Integer n) {
        return new RunSpec(task, method, bits, seed, budget, firstLast, protocol, n, methodVersion);
    }

    /** The epoch override, if any. */
    public OptionalInt epochOverride() {
        return epochs == null ? OptionalInt.empty() : OptionalInt.of(epochs);
    }

    /** The canonical JSON: sorted keys, no whitespace. */
    public String canonicalJson() {
        try {
            return Json.compact().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + this, e);
        }
    }

    /** The run id: 16 hex digits of the SHA-256 of the canonical JSON. */
    public String runId() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The method's config for this cell. */
    public MethodConfig methodConfig() {
        return new MethodConfig(bits, FirstLastPrecision.fromId(firstLast));
    }

    /** A short human label, e.g. {@code cls-fmnist lsq 4b seed 0} or {@code cls-fmnist fp32 seed 0}. */
    public String label() {
        return task + " " + method + (bits == MethodConfig.FULL_PRECISION_BITS ? "" : " " + bits + "b") + " seed " + seed
                + (epochs == null ? "" : " (" + epochs + " ep)");
    }
}
