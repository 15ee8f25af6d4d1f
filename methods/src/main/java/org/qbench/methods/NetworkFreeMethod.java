package org.qbench.methods;

import java.util.List;
import java.util.Set;

/**
 * A reference row that is not a network (bicubic interpolation for super-resolution, the noisy input for low-light
 * enhancement): it trains nothing ({@link #trains()} false), has no layers, runs at full precision only, follows no
 * paper and so departs from none. The task computes its output in closed form and measures it as it measures a
 * network's.
 */
public abstract class NetworkFreeMethod implements QuantMethod {

    private final String id;
    private final String description;
    private final TaskKind task;

    /**
     * A reference row.
     *
     * @param id the method id
     * @param description one line for {@code qbench list}
     * @param task the one task family whose tables show it
     */
    protected NetworkFreeMethod(String id, String description, TaskKind task) {
        this.id = id;
        this.description = description;
        this.task = task;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final String paper() {
        return "";
    }

    @Override
    public final List<String> departures() {
        return List.of();
    }

    @Override
    public final boolean trains() {
        return false;
    }

    @Override
    public final Set<Integer> supportedBits() {
        return Set.of(MethodConfig.FULL_PRECISION_BITS);
    }

    @Override
    public final Set<TaskKind> supportedTasks() {
        return Set.of(task);
    }

    /** @throws UnsupportedOperationException always: a reference row has no layers to build */
    @Override
    public final LayerFactory layers(MethodConfig config) {
        throw new UnsupportedOperationException("'" + id + "' is not a network: it has no layers");
    }
}
