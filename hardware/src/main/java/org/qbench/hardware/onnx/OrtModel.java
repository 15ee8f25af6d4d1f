package org.qbench.hardware.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OnnxJavaType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
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
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            this.session = env.createSession(model, options);
            this.inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime's version, as the loaded native library reports it (e.g. {@code 1.23.2}). */
    public static String runtimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** Runs the model on one float input of the given shape and returns its first output, flattened. */
    public float[] run(float[] input, long... shape) {
        return runAll(input, shape).get(0).values();
    }

    /**
     * Runs the model on one float input of the given shape and returns every output in the graph's order, as floats
     * (integer outputs converted exactly; uint8 read unsigned).
     */
    public List<Output> runAll(float[] input, long... shape) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(inputName, x))) {
            List<Output> outputs = new ArrayList<>();
            for (Map.Entry<String, OnnxValue> entry : result) {
                outputs.add(Output.of(entry.getKey(), (OnnxTensor) entry.getValue()));
            }
            return outputs;
        } catch (OrtException e) {
            throw new OnnxRuntimeFailure("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    /**
     * One output tensor.
     *
     * @param name the graph's name for it
     * @param values its values, row-major, as floats
     * @param shape its shape
     */
    public record Output(String name, float[] values, long[] shape) {

        static Output of(String name, OnnxTensor t) throws OrtException {
            long[] shape = t.getInfo().getShape();
            float[] v;
            switch (t.getInfo().type) {
                case FLOAT -> {
                    FloatBuffer b = t.getFloatBuffer();
                    v = new float[b.remaining()];
                    b.get(v);
                }
                case UINT8, INT8 -> {
                    ByteBuffer b = t.getByteBuffer();
                    boolean unsigned = t.getInfo().type == OnnxJavaType.UINT8;
                    v = new float[b.remaining()];
                    for (int i = 0; i < v.length; i++) {
                        byte c = b.get(i);
                        v[i] = unsigned ? c & 0xFF : c;
                    }
                }
                case INT32 -> {
                    IntBuffer b = t.getIntBuffer();
                    v = new float[b.remaining()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = b.get(i);
                    }
                }
                default -> throw new OnnxRuntimeFailure("output " + name + " has the unsupported type " + t.getInfo().type, null);
            }
            return new Output(name, v, shape);
        }
    }

    /**
     * Binds a direct input buffer and a direct output buffer to the model's single input and first output, so that
     * each {@link Bound#run()} reads the one and writes the other in place: no tensor is created, no value copied,
     * and only the call itself is left to time (the integer GEMM kernels' call). The buffers must stay unchanged in
     * size and order while bound; write new input values into them between runs.
     *
     * @param input a direct buffer of the input's values: {@link ByteBuffer} (with {@code inputType} {@code UINT8}
     *     or {@code INT8}), {@link FloatBuffer} or {@link IntBuffer}
     * @param inputType the input's element type as ONNX Runtime's Java API names it
     * @param inputShape the input's shape
     * @param output a direct {@link FloatBuffer} or {@link IntBuffer} the first output is written into
     * @param outputShape the output's shape
     * @throws IllegalArgumentException for a heap buffer or an unsupported buffer type
     * @throws OnnxRuntimeFailure when ONNX Runtime refuses the buffers
     */
    public Bound bind(Buffer input, OnnxJavaType inputType, long[] inputShape, Buffer output, long[] outputShape) {
        if (!input.isDirect() || !output.isDirect()) {
            throw new IllegalArgumentException("bound buffers must be direct (ONNX Runtime reads and writes them in place)");
        }
        OnnxTensor in = null;
        try {
            in = tensor(input, inputType, inputShape);
            OnnxTensor out = tensor(output, output instanceof IntBuffer ? OnnxJavaType.INT32 : OnnxJavaType.FLOAT, outputShape);
            return new Bound(in, out, session.getOutputNames().iterator().next());
        } catch (OrtException e) {
            if (in != null) {
                in.close();
            }
            throw new OnnxRuntimeFailure("ONNX Runtime refused the bound buffers: " + e.getMessage(), e);
        }
    }

    private OnnxTensor tensor(Buffer b, OnnxJavaType type, long[] shape) throws OrtException {
        if (b instanceof ByteBuffer bytes) {
            return OnnxTensor.createTensor(env, bytes, shape, type);
        } else if (b instanceof FloatBuffer floats) {
            return OnnxTensor.createTensor(env, floats, shape);
        } else if (b instanceof IntBuffer ints) {
            return OnnxTensor.createTensor(env, ints, shape);
        }
        throw new IllegalArgumentException("unsupported buffer " + b.getClass().getSimpleName()
                + " (ByteBuffer, FloatBuffer or IntBuffer)");
    }

    /**
     * The model with its input and output bound to direct buffers (see {@link #bind}). Closing it frees the two
     * tensors, not the model or the buffers.
     */
    public final class Bound implements AutoCloseable {
        private final OnnxTensor input;
        private final OnnxTensor output;
        private final Map<String, OnnxTensor> inputs;
        private final Map<String, OnnxTensor> pinned;

        private Bound(OnnxTensor input, OnnxTensor output, String outputName) {
            this.input = input;
            this.output = output;
            this.inputs = Map.of(inputName, input);
            this.pinned = Map.of(outputName, output);
        }

        /** Runs the model once, reading the bound input buffer and writing the bound output buffer. */
        public void run() {
            // the result holds only the pinned output, which it does not own: closing it frees nothing we use
            try (OrtSession.Result ignored = session.run(inputs, pinned)) {
                // values are already in the output buffer
            } catch (OrtException e) {
                throw new OnnxRuntimeFailure("ONNX Runtime failed to run the model: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            input.close();
            output.close();
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
