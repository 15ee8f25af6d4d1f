package org.qbench.hardware.kernel;

import ai.onnxruntime.OnnxJavaType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.qbench.hardware.onnx.OnnxGraph;
import org.qbench.hardware.onnx.OnnxGraph.ElementType;
import org.qbench.hardware.onnx.OrtModel;

/**
 * GEMMs run by ONNX Runtime's CPU provider (MLAS) instead of Java: each {@code prepare} builds a one-node ONNX
 * model with the weights as an initializer (so ONNX Runtime may pre-pack them, as it does for a deployed model),
 * loads it on {@value #THREADS} intra-op thread, as every kernel here is timed, and binds direct input and output
 * buffers, so {@code run} is one {@code OrtSession.run} through JNI with nothing created or copied. The timed call
 * therefore includes ONNX Runtime's per-call overhead (JNI, input checks, the executor), which a deployment pays
 * too. {@link #MATMUL_INTEGER} is ONNX {@code MatMulInteger} (8-bit codes, int32 results, no zero points: the codes
 * are already centred, as every kernel here takes them); {@link #FP32_MATMUL} is the float {@code MatMul} on the same
 * runtime, the FP32 reference of the {@code ort-cpu} profile.
 *
 * <p>Exactness: MLAS accumulates {@code MatMulInteger} in int32 with the 8-bit dot-product instructions where the
 * CPU has them (x86 AVX-512 VNNI / AVX-VNNI {@code vpdpbusd}, Arm {@code sdot}/{@code udot}), which is exact. On
 * x86 without VNNI its u8 x s8 path uses {@code vpmaddubsw}, whose int16 pair sums saturate (ONNX Runtime's
 * quantization documentation, "when and why do I need to try U8U8"), so full-range u8 x s8 products can differ
 * from the exact sum there; the tests check exactness where it is promised.
 */
final class OrtKernels {

    /** Intra-op threads: one, like the Java kernels and the libtorch baseline. */
    static final int THREADS = 1;

    private OrtKernels() {}

    /** A kernel ONNX Runtime runs: says so in {@link #runtime()}. */
    private abstract static class OrtKernel extends BaseKernel {
        OrtKernel(String id, int bits, String description) {
            super(id, bits, false, description);
        }

        @Override
        public java.util.Optional<String> runtime() {
            return java.util.Optional.of("ONNX Runtime " + OrtModel.runtimeVersion() + " (CPU provider, " + THREADS
                    + " intra-op thread, Java API)");
        }
    }

    /** The MatMulInteger kernel: 8-bit (or narrower) codes of either sign, int32 out. */
    static final GemmKernel MATMUL_INTEGER = new OrtKernel("ort-matmulinteger", 8,
            "8-bit; ONNX Runtime CPU MatMulInteger (MLAS int8 GEMM, u8/s8 activations x u8/s8 weights as a constant "
                    + "initializer, int32 out), one intra-op thread, called through ONNX Runtime's Java API") {
        @Override
        public boolean supports(Codes a, Codes w) {
            return !a.binary() && !w.binary() && a.bits() <= 8 && w.bits() <= 8;
        }

        @Override
        public Prepared prepare(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            requireSupport(ca, cw);
            Gemm.checkSizes(s, a, w);
            ca.check(a, "activations");
            cw.check(w, "weights");
            s.checkAccumulator(ca, cw);
            ElementType aType = ca.signed() ? ElementType.INT8 : ElementType.UINT8;
            ElementType wType = cw.signed() ? ElementType.INT8 : ElementType.UINT8;
            OnnxGraph g = new OnnxGraph("ort_matmulinteger");
            String x = g.input("a", aType, s.m(), s.k());
            String b = g.bytes("w_t", wType, transpose(w, s.n(), s.k()), s.k(), s.n());
            g.output(g.rename(g.node("MatMulInteger", x, b), "c"), ElementType.INT32, s.m(), s.n());
            ByteBuffer in = ByteBuffer.allocateDirect(s.m() * s.k()).order(ByteOrder.nativeOrder());
            for (int v : a) {
                in.put((byte) v);
            }
            in.rewind();
            IntBuffer out = ByteBuffer.allocateDirect(s.m() * s.n() * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            return new OrtPrepared(s, g.toBytes(), in, ca.signed() ? OnnxJavaType.INT8 : OnnxJavaType.UINT8, out) {
                @Override
                public long output(int m, int n) {
                    return out.get(m * s.n() + n);
                }
            };
        }
    };

    /** The float MatMul on the same runtime: codes converted to floats, as the Java FP32 kernels take them. */
    static final GemmKernel FP32_MATMUL = new OrtKernel("ort-fp32-matmul", 32,
            "float32; ONNX Runtime CPU MatMul (MLAS SGEMM, weights as a constant initializer), one intra-op thread, "
                    + "called through ONNX Runtime's Java API") {
        @Override
        public boolean supports(Codes a, Codes w) {
            return true;
        }

        @Override
        public Prepared prepare(GemmShape s, Codes ca, int[] a, Codes cw, int[] w) {
            Gemm.checkSizes(s, a, w);
            int[] wt = transpose(w, s.n(), s.k());
            float[] wf = new float[wt.length];
            for (int i = 0; i < wt.length; i++) {
                wf[i] = wt[i];
            }
            OnnxGraph g = new OnnxGraph("ort_fp32_matmul");
            String x = g.input("a", ElementType.FLOAT, s.m(), s.k());
            String b = g.floats("w_t", wf, s.k(), s.n());
            g.output(g.rename(g.node("MatMul", x, b), "c"), ElementType.FLOAT, s.m(), s.n());
            FloatBuffer in = ByteBuffer.allocateDirect(s.m() * s.k() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int v : a) {
                in.put(v);
            }
            in.rewind();
            FloatBuffer out = ByteBuffer.allocateDirect(s.m() * s.n() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            return new OrtPrepared(s, g.toBytes(), in, OnnxJavaType.FLOAT, out) {
                @Override
                public long output(int m, int n) {
                    return (long) out.get(m * s.n() + n);
                }
            };
        }
    };

    /** {@code n x k} row-major to {@code k x n} row-major: ONNX's MatMul takes {@code B[k][n]}, ours is {@code W[n][k]}. */
    static int[] transpose(int[] w, int n, int k) {
        int[] t = new int[w.length];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < k; i++) {
                t[i * n + r] = w[r * k + i];
            }
        }
        return t;
    }

    /** A loaded model with its buffers bound; closing it frees the native session. */
    private abstract static class OrtPrepared implements GemmKernel.Prepared {
        private final OrtModel model;
        private final OrtModel.Bound bound;

        OrtPrepared(GemmShape s, byte[] onnx, java.nio.Buffer in, OnnxJavaType inType, java.nio.Buffer out) {
            this.model = new OrtModel(onnx, THREADS);
            try {
                this.bound = model.bind(in, inType, new long[] {s.m(), s.k()}, out, new long[] {s.m(), s.n()});
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }

        @Override
        public void run() {
            bound.run();
        }

        @Override
        public void close() {
            bound.close();
            model.close();
        }
    }
}
