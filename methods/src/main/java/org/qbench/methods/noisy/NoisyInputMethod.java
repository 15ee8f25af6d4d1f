package org.qbench.methods.noisy;

import java.util.List;
import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/**
 * The task's input taken as its output: for low-light enhancement, the amplified noisy frames themselves (raw
 * scaled by the exposure ratio and clipped, as the networks receive them). The floor row of every low-light table,
 * what a network must improve on. It trains nothing and has no layers; the task measures its input as it measures a
 * network's output.
 */
public final class NoisyInputMethod implements QuantMethod {

    /** The method id. */
    public static final String ID = "noisy-input";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the amplified noisy input as the output (no network; the floor row of low-light tables)";
    }

    @Override
    public String paper() {
        return "";
    }

    @Override
    public List<String> departures() {
        return List.of();
    }

    @Override
    public boolean trains() {
        return false;
    }

    @Override
    public Set<Integer> supportedBits() {
        return Set.of(MethodConfig.FULL_PRECISION_BITS);
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.LOWLIGHT_VIDEO);
    }

    /** @throws UnsupportedOperationException always: the input is not a network */
    @Override
    public LayerFactory layers(MethodConfig config) {
        throw new UnsupportedOperationException("'" + ID + "' is the task's input, not a network: it has no layers");
    }
}
