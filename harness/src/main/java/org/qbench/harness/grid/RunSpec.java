package org.qbench.harness.grid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.qbench.harness.json.Json;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.MethodOptions;
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
 * @param bits bit width of the weights, and of the activations unless {@code activationBits} says otherwise (32 for
 *     full precision)
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
 * @param taskVersion the task's version ({@link Task#version()}) when above 1, else null and left out, on the same
 *     terms: a change that moves one task's numbers makes new cells of that task only
 * @param inputs the cells whose trained models this one reads, as role ({@code init}, {@code teacher}) to run id;
 *     null and left out when none, so cells without inputs keep their run ids
 * @param activationBits the activations' width when it differs from the weights' ({@code W4A8}); null and left
 *     out otherwise
 * @param options the method's typed options ({@link QuantMethod#optionsType()}) as a JSON object, e.g.
 *     {@code {"gradient_scale": false}} for LSQ without its step-size gradient scale; null and left out for the
 *     method as published, so every existing run id stays
 */
public record RunSpec(
        String task, String method, int bits, long seed, String budget, String firstLast, int protocol,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer epochs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer methodVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer taskVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> inputs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer activationBits,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> options) {

    /**
     * The protocol version of the current code (see {@code CHANGELOG.md}). Frozen: a change that moves numbers
     * bumps the version of the method or task it changes instead.
     */
    public static final int CURRENT_PROTOCOL = 1;

    /**
     * Checks the spec's shape. Ids are not looked up here, so a result of a task or method that is no longer (or
     * not yet) registered still reads; specs built from user input are checked by {@link #of} and the runner.
     */
    public RunSpec {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(firstLast, "firstLast");
        Budget.fromId(budget);
        FirstLastPrecision.fromId(firstLast);
        new MethodConfig(bits, activationBits == null ? bits : activationBits, FirstLastPrecision.fromId(firstLast), null);
        if (activationBits != null && activationBits == bits) {
            throw new IllegalArgumentException("activation_bits is written only when it differs from bits (absent = equal)");
        }
        if (options != null) {
            if (options.isEmpty()) {
                throw new IllegalArgumentException("options is written only when a cell has some (absent = the method's defaults)");
            }
            options = Collections.unmodifiableMap(new TreeMap<>(options));
        }
        if (methodVersion != null && methodVersion < 2) {
            throw new IllegalArgumentException("method_version " + methodVersion + " is written only above 1 (absent = 1)");
        }
        if (taskVersion != null && taskVersion < 2) {
            throw new IllegalArgumentException("task_version " + taskVersion + " is written only above 1 (absent = 1)");
        }
        if (inputs != null) {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("inputs is written only when a cell has some (absent = none)");
            }
            inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
        }
        if (epochs != null && (epochs < 1 || epochs > MAX_EPOCHS)) {
            throw new IllegalArgumentException("epochs " + epochs + " is out of range (1.." + MAX_EPOCHS + ")");
        }
    }

    /** Largest accepted epoch override. */
    public static final int MAX_EPOCHS = 1000;

    /**
     * A spec of built-in ids under the current protocol and versions, with the budget's own epochs.
     *
     * @throws IllegalArgumentException for an unknown id (listing the known ones), or a bit width or task the
     *     method does not support
     */
    public static RunSpec of(String task, String method, int bits, long seed, Budget budget, FirstLastPrecision firstLast) {
        return of(Tasks.builtIn().get(task), Methods.builtIn().get(method), bits, seed, budget, firstLast);
    }

    /**
     * A spec of these task and method objects at their current versions (tests and other registries).
     *
     * @throws IllegalArgumentException when the method does not support the bit width or the task
     */
    public static RunSpec of(Task task, QuantMethod method, int bits, long seed, Budget budget, FirstLastPrecision firstLast) {
        RunSpec spec = new RunSpec(task.id(), method.id(), bits, seed, budget.id(), firstLast.id(), CURRENT_PROTOCOL, null,
                versionField(method.version()), versionField(task.version()), null, null, null);
        method.check(spec.methodConfig(method), task.kind());
        return spec;
    }

    /**
     * This spec with other activation bits and method options (null: equal to the weights'; empty: the method's
     * defaults), checked against the method.
     *
     * @throws IllegalArgumentException when the method does not support the widths or the options
     */
    public RunSpec withConfig(Integer activations, Map<String, Object> methodOptions, QuantMethod m, Task t) {
        RunSpec spec = new RunSpec(task, method, bits, seed, budget, firstLast, protocol, epochs, methodVersion, taskVersion,
                inputs, activations == null || activations == bits ? null : activations,
                methodOptions == null || methodOptions.isEmpty() ? null : methodOptions);
        m.check(spec.methodConfig(m), t.kind());
        return spec;
    }

    /** A method version as the spec records it: null for version 1. */
    static Integer versionField(int version) {
        return version > 1 ? version : null;
    }

    /** The task version this spec was run with (1 when the field is absent). */
    public int taskVersionOrOne() {
        return taskVersion == null ? 1 : taskVersion;
    }

    /** The method version this spec was run with (1 when the field is absent). */
    public int methodVersionOrOne() {
        return methodVersion == null ? 1 : methodVersion;
    }

    /** This spec trained for {@code n} epochs instead (null: the budget's). */
    public RunSpec withEpochs(Integer n) {
        return new RunSpec(task, method, bits, seed, budget, firstLast, protocol, n, methodVersion, taskVersion, inputs,
                activationBits, options);
    }

    /** This spec reading the trained models of these cells (role to run id; empty: none). */
    public RunSpec withInputs(Map<String, String> roles) {
        return new RunSpec(task, method, bits, seed, budget, firstLast, protocol, epochs, methodVersion, taskVersion,
                roles.isEmpty() ? null : roles, activationBits, options);
    }

    /** The cells whose models this one reads, role to run id (empty when none). */
    public Map<String, String> inputsOrEmpty() {
        return inputs == null ? Map.of() : inputs;
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

    /** The activations' width: {@code activationBits} when set, else the weights'. */
    public int activationBitsOrBits() {
        return activationBits == null ? bits : activationBits;
    }

    /**
     * The method's config for this cell, its options read as the method's options type (an option left out takes the
     * type's default; an unknown one fails).
     *
     * @throws IllegalArgumentException when the method takes no options or they do not read as its type
     */
    public MethodConfig methodConfig(QuantMethod m) {
        MethodOptions typed = null;
        if (options != null) {
            Class<? extends MethodOptions> type = m.optionsType().orElseThrow(() ->
                    new IllegalArgumentException("method '" + method + "' takes no options, got " + options));
            try {
                typed = Json.compact().readerFor(type).readValue((JsonNode) Json.compact().valueToTree(options));
            } catch (IOException e) {
                throw new IllegalArgumentException("options " + options + " of method '" + method + "': "
                        + (e instanceof JsonProcessingException j ? Json.describe(j) : e.getMessage()));
            }
        }
        return new MethodConfig(bits, activationBitsOrBits(), FirstLastPrecision.fromId(firstLast), typed);
    }

    /**
     * The variant of the method this cell runs, as tables name its row: the method id, with its options when it
     * has some ({@code lsq (gradient_scale=false)}) and the task's default inputs it runs without ({@code fp32 (no
     * teacher)}).
     */
    public String variant() {
        List<String> parts = new ArrayList<>();
        if (options != null) {
            options.forEach((k, v) -> parts.add(k + "=" + v));
        }
        // A cell without one of its task's default inputs (a ViT trained without its teacher) is a variant too.
        defaultInputRoles().stream().filter(role -> !inputsOrEmpty().containsKey(role)).forEach(role -> parts.add("no " + role));
        return parts.isEmpty() ? method : method + " (" + String.join(", ", parts) + ")";
    }

    /** The roles of the task's default inputs ({@link org.qbench.tasks.Task#inputs()}); none for an unknown task. */
    private List<String> defaultInputRoles() {
        try {
            return new ArrayList<>(new java.util.TreeSet<>(Tasks.builtIn().get(task).inputs().keySet()));
        } catch (IllegalArgumentException unknownTask) {
            return List.of(); // a result of a task no longer registered keeps its plain name
        }
    }

    /** The widths as tables label them: {@code W4A4}, {@code W4A8}, {@code FP32}. */
    public String widthLabel() {
        return MethodConfig.label(bits, activationBitsOrBits());
    }

    /** A short human label, e.g. {@code cls-fmnist lsq 4b seed 0}, {@code cls-fmnist lsq W4A8 seed 0}. */
    public String label() {
        String width = bits == MethodConfig.FULL_PRECISION_BITS && activationBits == null ? ""
                : activationBits == null ? " " + bits + "b" : " " + widthLabel();
        return task + " " + variant() + width + " seed " + seed + (epochs == null ? "" : " (" + epochs + " ep)");
    }
}
