package org.qbench.methods.bicubic;

import java.util.List;
import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/**
 * Bicubic upscaling of the low-resolution input (MATLAB's {@code imresize}, as BasicSR computes it): the row every
 * super-resolution table shows under the networks, the floor a trained model must clear. It trains nothing and has
 * no layers; the task computes its output in closed form and measures it as it measures a network's.
 */
public final class BicubicMethod implements QuantMethod {

    /** The method id. */
    public static final String ID = "bicubic";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "bicubic interpolation of the low-resolution input (no network; the reference row of SR tables)";
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
        return Set.of(TaskKind.SUPER_RESOLUTION);
    }

    /** @throws UnsupportedOperationException always: interpolation has no layers to build */
    @Override
    public LayerFactory layers(MethodConfig config) {
        throw new UnsupportedOperationException("'" + ID + "' is an interpolation, not a network: it has no layers");
    }
}
