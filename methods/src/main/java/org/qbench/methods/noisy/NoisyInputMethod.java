package org.qbench.methods.noisy;

import org.qbench.methods.NetworkFreeMethod;
import org.qbench.methods.TaskKind;

/**
 * The task's input taken as its output: for low-light enhancement, the amplified noisy frames themselves (raw
 * scaled by the exposure ratio and clipped, as the networks receive them). The floor row of every low-light table,
 * what a network must improve on. It trains nothing and has no layers; the task measures its input as it measures a
 * network's output.
 */
public final class NoisyInputMethod extends NetworkFreeMethod {

    /** The method id. */
    public static final String ID = "noisy-input";

    /** The floor row of low-light tables. */
    public NoisyInputMethod() {
        super(ID, "the amplified noisy input as the output (no network; the floor row of low-light tables)",
                TaskKind.LOWLIGHT_VIDEO);
    }
}
