package org.qbench.tasks;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.qbench.tasks.cls.ClassificationTask;

/** The registry of tasks: an explicit, immutable map from id to task; no classpath scanning. */
public final class Tasks {

    private static final Tasks BUILT_IN = new Tasks(ClassificationTask.fashionMnist());

    private final Map<String, Task> byId;

    /**
     * A registry of the given tasks, in the given order.
     *
     * @throws IllegalArgumentException on a duplicate id
     */
    public Tasks(Task... tasks) {
        Map<String, Task> map = new LinkedHashMap<>();
        for (Task t : tasks) {
            if (map.putIfAbsent(t.id(), t) != null) {
                throw new IllegalArgumentException("duplicate task id '" + t.id() + "'");
            }
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    /** Every task shipped with qbench. */
    public static Tasks builtIn() {
        return BUILT_IN;
    }

    /**
     * The task with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public Task get(String id) {
        Task t = byId.get(id);
        if (t == null) {
            throw new IllegalArgumentException(
                    "unknown task '" + id + "' (known: " + String.join(", ", byId.keySet()) + ")");
        }
        return t;
    }

    /** All tasks, in registration order. */
    public Collection<Task> all() {
        return byId.values();
    }
}
