package org.qbench.hardware.kernel;

/**
 * One GEMM implementation, timed by JMH and checked bit-exact against {@link Gemm#reference}. Work is split
 * in two so benchmarks time only the multiply: {@link #prepare} converts codes into the kernel's layout
 * (setup), {@link Prepared#run} multiplies (measured).
 */
public interface GemmKernel {

    /** Stable id, e.g. {@code int8-simd}; used in results and on the command line. */
    String id();

    /** The operand bit width it is for (32 for floating point). */
    int bits();

    /** One line: layout and technique. */
    String description();

    /** Whether it is a plain scalar reference implementation (as opposed to a fast one). */
    boolean reference();

    /**
     * The native library that runs it, with its version (e.g. {@code ONNX Runtime 1.23.2 (CPU provider)}), or empty
     * for a kernel written in Java: a report names the runtime its figures belong to.
     */
    default java.util.Optional<String> runtime() {
        return java.util.Optional.empty();
    }

    /** Whether it multiplies these activation and weight codes. */
    boolean supports(Codes activations, Codes weights);

    /**
     * Lays out the operands (row-major {@code m x k} activation codes and {@code n x k} weight codes).
     *
     * @throws IllegalArgumentException for unsupported codes, a code out of range, or a k whose worst-case sum
     *     does not fit the kernel's accumulators
     */
    Prepared prepare(GemmShape shape, Codes activations, int[] a, Codes weights, int[] w);

    /**
     * Operands in a kernel's layout, ready to multiply. Java kernels hold only heap arrays; a kernel run by a native
     * runtime ({@code ort-*}) holds a native session, which {@link #close()} frees.
     */
    interface Prepared extends AutoCloseable {
        /** Computes {@code C = A W^T} into the prepared output. */
        void run();

        /** {@code C[m][n]} of the last run, as an exact integer. */
        long output(int m, int n);

        /** Frees native resources, if any; nothing for the Java kernels. */
        @Override
        default void close() {}
    }
}
