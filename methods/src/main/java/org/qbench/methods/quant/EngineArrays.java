package org.qbench.methods.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The one way qbench turns Java numbers into engine arrays: every array it returns owns engine (native) memory.
 *
 * <p>Why: on the PyTorch engine, {@code NDManager.create(float[])} (and every {@code NDArray} method that takes a
 * Java {@code Number}, such as {@code x.mul(2f)}) makes a tensor over a Java direct buffer that only that Java
 * object keeps alive. A view of it, a {@code stopGradient()} of it, or a copy that autograd saves for the
 * backward pass can outlive the Java object; once the garbage collector frees the buffer, the engine reads
 * freed memory. The symptom depends on the collector's timing and on what the heap held before: a rare NaN, or
 * a number that changes from run to run. Arrays made here are copied into engine memory, so their lifetime is
 * the engine's alone. {@code EngineArraysRuleTest} keeps the rest of the code from calling {@code create} or
 * the {@code Number} arithmetic overloads directly.
 */
public final class EngineArrays {

    private EngineArrays() {}

    /** A 0-d float32 array holding {@code value}, made by the engine ({@code torch.full}), owned by {@code manager}. */
    public static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }

    /** An array of {@code shape} holding a copy of {@code data} in engine memory, owned by {@code manager}. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        try (NDArray javaBacked = manager.create(data, shape)) {
            return javaBacked.duplicate();
        }
    }

    /** A 1-d array holding a copy of {@code data} in engine memory, owned by {@code manager}. */
    public static NDArray of(NDManager manager, float[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /**
     * Overwrites every element of {@code target} (a parameter, say) with {@code values}, in place, by an engine
     * copy. Not {@code target - target + v}: that gives NaN wherever the target holds NaN or infinity. Not
     * {@code NDArray.set(Buffer)}: on PyTorch that swaps the target's storage for a Java buffer.
     */
    public static void assign(NDArray target, float[] values) {
        try (NDManager scope = target.getManager().newSubManager()) {
            target.set(new NDIndex("..."), of(scope, values, target.getShape()));
        }
    }
}
