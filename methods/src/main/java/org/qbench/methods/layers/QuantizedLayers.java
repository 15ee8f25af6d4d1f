package org.qbench.methods.layers;

/** Installs a {@link LayerInterceptor} on the quantized layers running in the current thread. */
public final class QuantizedLayers {

    private static final ThreadLocal<LayerInterceptor> INTERCEPTOR = new ThreadLocal<>();

    private QuantizedLayers() {}

    /** The interception in force until the returned scope is closed. */
    public static Scope intercept(LayerInterceptor interceptor) {
        LayerInterceptor previous = INTERCEPTOR.get();
        INTERCEPTOR.set(interceptor);
        return () -> {
            if (previous == null) {
                INTERCEPTOR.remove();
            } else {
                INTERCEPTOR.set(previous);
            }
        };
    }

    static LayerInterceptor current() {
        return INTERCEPTOR.get();
    }

    /** An interception's lifetime. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
