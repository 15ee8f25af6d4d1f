package org.qbench.methods.layers;

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
