package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * Installs a {@link LayerInterceptor} or a {@link ForwardProbe} on the quantized layers running in the current
 * thread.
 */
public final class QuantizedLayers {

    private static final ThreadLocal<LayerInterceptor> INTERCEPTOR = new ThreadLocal<>();
    private static final ThreadLocal<ForwardProbe> PROBE = new ThreadLocal<>();

    private QuantizedLayers() {}

    /** The interception in force until the returned scope is closed. */
    public static Scope intercept(LayerInterceptor interceptor) {
        return install(INTERCEPTOR, interceptor);
    }

    /** The probe in force until the returned scope is closed. */
    public static Scope probe(ForwardProbe probe) {
        return install(PROBE, probe);
    }

    private static <T> Scope install(ThreadLocal<T> slot, T value) {
        T previous = slot.get();
        slot.set(value);
        return () -> {
            if (previous == null) {
                slot.remove();
            } else {
                slot.set(previous);
            }
        };
    }

    /**
     * What the softmax block {@code softmax} hands on in an inference forward: {@code output}, or the installed
     * interceptor's replacement ({@link LayerInterceptor#softmax}). For quantizing softmax blocks outside this package.
     */
    public static NDArray softmaxOutput(Block softmax, NDArray logits, NDArray output) {
        LayerInterceptor interceptor = INTERCEPTOR.get();
        return interceptor == null ? output : interceptor.softmax(softmax, logits, output);
    }

    static LayerInterceptor current() {
        return INTERCEPTOR.get();
    }

    static ForwardProbe currentProbe() {
        return PROBE.get();
    }

    /** An interception's lifetime. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
