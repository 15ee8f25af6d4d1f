package org.qbench.methods.binary;

import java.util.Set;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;

/**
 * What the 1-bit methods share (BRVE and BiBench's operators): they run at 1 bit only, on the low-light video task,
 * and keep the first and last layers and the 1x1 skips in full precision as the released BRVE does, so a config must
 * say {@code --first-last fp32} ({@link BinaryLayers#requireFloatFirstLast}).
 */
public abstract class OneBitMethod implements QuantMethod {

    @Override
    public final Set<Integer> supportedBits() {
        return Set.of(1);
    }

    @Override
    public final Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.LOWLIGHT_VIDEO);
    }

    @Override
    public final void check(MethodConfig config, TaskKind task) {
        QuantMethod.super.check(config, task);
        BinaryLayers.requireFloatFirstLast(id(), config);
    }
}
