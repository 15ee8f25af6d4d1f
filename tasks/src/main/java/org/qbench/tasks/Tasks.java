package org.qbench.tasks;

import java.util.Collection;
import java.util.List;
import org.qbench.methods.Registry;
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.lowlight.LowlightData;
import org.qbench.tasks.lowlight.LowlightTask;
import org.qbench.tasks.sr.SrSource;
import org.qbench.tasks.sr.SrTask;
import org.qbench.tasks.vit.VitTask;

/** The registry of tasks. Adding a task means adding it to {@link #builtIn()}; there is no classpath scanning. */
public final class Tasks {

    private static final Tasks BUILT_IN = builtInTasks();

    private final Registry<Task> registry;

    /**
     * A registry of the given tasks, in the given order.
     *
     * @throws IllegalArgumentException on a duplicate id
     */
    public Tasks(Task... tasks) {
        this.registry = new Registry<>("task", Task::id, List.of(tasks));
    }

    private static Tasks builtInTasks() {
        ClassificationTask fmnist = ClassificationTask.fashionMnist();
        ClassificationTask cifar10 = ClassificationTask.cifar10();
        // A ViT task shares its sibling CNN task's data (read once) and distils from its FP32 model.
        // The SR tasks of both scales share one source: the photographs are read once.
        SrSource photos = SrSource.standard();
        return new Tasks(fmnist, cifar10, VitTask.fashionMnist(fmnist), VitTask.cifar10(cifar10),
                new SrTask(4, photos), new SrTask(2, photos), new LowlightTask(LowlightData.standard()));
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
        return registry.get(id);
    }

    /** All tasks, in registration order. */
    public Collection<Task> all() {
        return registry.all();
    }
}
