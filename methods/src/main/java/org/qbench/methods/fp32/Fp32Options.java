package org.qbench.methods.fp32;

import java.util.Set;
import java.util.TreeSet;
import org.qbench.methods.MethodOptions;

/**
 * Which network a full-precision run trains, where a task offers more than one: the task's own network (default,
 * the full-precision twin of what the quantization methods train) or one of the task's named full-precision
 * reference networks. The low-light video task offers {@code unet} (a standard multi-frame U-Net, the larger
 * full-precision baseline a binarized network's savings are measured against) and {@code unet-single} (the same
 * U-Net on one frame at a time, the floor a multi-frame network must clear). A task that offers no alternatives
 * refuses any value but the default. JSON name: {@code network}.
 *
 * @param network the network's name, {@code task} when left out (null)
 */
public record Fp32Options(String network) implements MethodOptions {

    /** The task's own network. */
    public static final String TASK = "task";

    /** A standard multi-frame U-Net (low-light video). */
    public static final String UNET = "unet";

    /** The same U-Net on one frame at a time (low-light video). */
    public static final String UNET_SINGLE = "unet-single";

    /** The names any task may be asked for; each task says which it offers. */
    public static final Set<String> KNOWN = Set.of(TASK, UNET, UNET_SINGLE);

    /**
     * Fills the default and validates the name.
     *
     * @throws IllegalArgumentException in one line naming the value and the known names
     */
    public Fp32Options {
        network = network == null ? TASK : network;
        if (!KNOWN.contains(network)) {
            throw new IllegalArgumentException("fp32 option network must be one of " + new TreeSet<>(KNOWN)
                    + ", got '" + network + "'");
        }
    }

    /** The network of a config's options: {@link #TASK} when the config has none. */
    public static String networkOf(MethodOptions options) {
        return options instanceof Fp32Options o ? o.network() : TASK;
    }
}
