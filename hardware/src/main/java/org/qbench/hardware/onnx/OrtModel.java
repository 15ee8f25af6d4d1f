package org.qbench.hardware.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One ONNX model loaded into ONNX Runtime's CPU provider with a fixed intra-op thread count and every graph
 * optimisation on (so a QDQ graph runs on the fused integer kernels, {@code QLinearConv}, {@code QLinearMatMul}).
 * Inter-op threads are 1 and the session runs sequentially, so the thread count is the one given. Close it to free
 * the native session.
 */
public final class OrtModel implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final int threads;

    /**
     * Loads {@code model} (a serialized ONNX {@code ModelProto}).
     *
     * @param threads intra-op threads, at least 1
     * @throws OnnxRuntimeFailure when ONNX Runtime rejects the model
     */
    public OrtModel(byte[] model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.env = OrtEnvironment.getEnvironment();
        this.threads = threads;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model, options);
            this.inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** The intra-op thread count. */
    public int threads() {
        return threads;
    }

    /** Runs the model on one float input of the given shape and returns its first output, flattened. */
    public float[] run(float[] input, long... shape) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(inputName, x))) {
            OnnxValue out = result.get(0);
            FloatBuffer values = ((OnnxTensor) out).getFloatBuffer();
            float[] copy = new float[values.remaining()];
            values.get(copy);
            return copy;
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the model on one uint8 input (a direct buffer of the given shape) and discards the output: the integer
     * GEMM benchmark's call.
     */
    public void runUint8(ByteBuffer input, long... shape) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, input, shape, ai.onnxruntime.OnnxJavaType.UINT8);
                OrtSession.Result result = session.run(Map.of(inputName, x))) {
            if (result.size() == 0) {
                throw new OnnxRuntimeFailure("ONNX Runtime returned no output", null);
            }
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime refused or failed a call; the message says which. */
    public static final class OnnxRuntimeFailure extends RuntimeException {
        OnnxRuntimeFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
