package org.qbench.methods.bicubic;

import org.qbench.methods.NetworkFreeMethod;
import org.qbench.methods.TaskKind;

/**
 * Bicubic upscaling of the low-resolution input (MATLAB's {@code imresize}, as BasicSR computes it): the row every
 * super-resolution table shows under the networks, the floor a trained model must clear. It trains nothing and has
 * no layers; the task computes its output in closed form and measures it as it measures a network's.
 */
public final class BicubicMethod extends NetworkFreeMethod {

    /** The method id. */
    public static final String ID = "bicubic";

    /** The reference row of super-resolution tables. */
    public BicubicMethod() {
        super(ID, "bicubic interpolation of the low-resolution input (no network; the reference row of SR tables)",
                TaskKind.SUPER_RESOLUTION);
    }
}
