package org.qbench.tasks.parity;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;
import org.qbench.hardware.kernel.Codes;
import org.qbench.hardware.kernel.Gemm;
import org.qbench.hardware.kernel.GemmKernel;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.hardware.kernel.Kernels;
import org.qbench.methods.layers.LayerGeometry;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.ExportedTensor;

/**
 * One quantized layer computed the way integer hardware would: the input quantizer's codes lowered by im2col,
 * the weight quantizer's codes, an integer GEMM, then one float multiply by {@code s_a * s_w[o]} (the output's
 * LSB) and the float bias. The GEMM is the narrowest fast kernel whose widths hold both sets of codes (e.g.
 * {@code int4-bitserial} for 3- or 4-bit codes, N2UQ's odd 2-bit weight codes +-1, +-3 included), or the exact
 * 64-bit reference when none does (N2UQ's 8-bit weight codes need 9 bits).
 *
 * @param acc integer accumulators, in the layer's output order (NCHW, or N x O)
 * @param lsb per output channel, the real value of one accumulator unit
 * @param bias per output channel, or null
 * @param outputShape the output's shape
 * @param channels output channels
 * @param spatial output positions per channel per sample (1 for a fully connected layer)
 * @param kernel the kernel id that computed {@code acc}
 */
record IntegerLayer(long[] acc, double[] lsb, float[] bias, long[] outputShape, int channels, int spatial, String kernel) {

    /** The real value of output element {@code i}. */
    double value(int i) {
        int o = (i / spatial) % channels;
        return acc[i] * lsb[o] + (bias == null ? 0 : bias[o]);
    }

    /** Output channel of element {@code i}. */
    int channel(int i) {
        return (i / spatial) % channels;
    }

    /**
     * Computes the layer on {@code x} (its input, before the input quantizer), or nothing when the input has no
     * integer form of its own (the first layer's normalised image: its affine map folds into the bias on
     * integer hardware, so qbench keeps that layer in float).
     */
    static Optional<IntegerLayer> of(QuantizedLayer layer, NDArray x) {
        ExportedTensor a;
        try {
            a = layer.inputQuantizer().export(x);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        if (a.channelAxis() >= 0) {
            throw new IllegalStateException("per-channel activation scales have no per-output LSB; not supported");
        }
        ExportedTensor w = layer.weightQuantizer().export(layer.weightArray());
        LayerGeometry g = layer.geometry();
        int outChannels = (int) w.shape()[0];
        int k = w.codes().length / outChannels;
        long[] xs = a.shape();
        int n = (int) xs[0];
        int[] matrix;
        int positions;
        long[] outShape;
        if (g.convolution()) {
            int c = (int) xs[1];
            int h = (int) xs[2];
            int wd = (int) xs[3];
            int oh = (h + 2 * g.padding() - g.kernel()) / g.stride() + 1;
            int ow = (wd + 2 * g.padding() - g.kernel()) / g.stride() + 1;
            positions = oh * ow;
            matrix = im2col(a.codes(), n, c, h, wd, g, oh, ow);
            outShape = new long[] {n, outChannels, oh, ow};
        } else {
            positions = 1;
            matrix = a.codes();
            outShape = new long[] {n, outChannels};
        }
        GemmShape shape = new GemmShape(n * positions, outChannels, k);
        long[] rowMajor; // C[(n, position)][o]
        String kernelId;
        Optional<GemmKernel> fast = narrowestKernel(matrix, w.codes());
        if (fast.isPresent()) {
            Codes[] codes = fit(matrix, w.codes(), fast.get().bits());
            GemmKernel.Prepared p = fast.get().prepare(shape, codes[0], matrix, codes[1], w.codes());
            p.run();
            rowMajor = new long[shape.m() * shape.n()];
            for (int m = 0; m < shape.m(); m++) {
                for (int o = 0; o < shape.n(); o++) {
                    rowMajor[m * shape.n() + o] = p.output(m, o);
                }
            }
            kernelId = fast.get().id();
        } else {
            rowMajor = Gemm.reference(shape, matrix, w.codes());
            kernelId = "reference-int64";
        }
        long[] acc = new long[rowMajor.length];
        for (int s = 0; s < n; s++) { // (n, position) x o -> n, o, position
            for (int p = 0; p < positions; p++) {
                for (int o = 0; o < outChannels; o++) {
                    acc[(s * outChannels + o) * positions + p] = rowMajor[(s * positions + p) * outChannels + o];
                }
            }
        }
        double[] lsb = new double[outChannels];
        for (int o = 0; o < outChannels; o++) {
            lsb[o] = (double) a.scales()[0] * (w.channelAxis() < 0 ? w.scales()[0] : w.scales()[o]);
        }
        float[] bias = layer.biasArray().map(NDArray::toFloatArray).orElse(null);
        return Optional.of(new IntegerLayer(acc, lsb, bias, outShape, outChannels, positions, kernelId));
    }

    /** Rows (sample, oh, ow), columns (channel, kh, kw) with zero padding: the weight layout OIHW flattened. */
    private static int[] im2col(int[] x, int n, int c, int h, int w, LayerGeometry g, int oh, int ow) {
        int kk = g.kernel();
        int cols = c * kk * kk;
        int[] out = new int[n * oh * ow * cols];
        for (int s = 0; s < n; s++) {
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++) {
                    int row = (s * oh + y) * ow + z;
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < kk; ky++) {
                            int iy = y * g.stride() - g.padding() + ky;
                            for (int kx = 0; kx < kk; kx++) {
                                int ix = z * g.stride() - g.padding() + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    out[row * cols + (ch * kk + ky) * kk + kx] = x[((s * c + ch) * h + iy) * w + ix];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The narrowest width (2, 4, 8) whose codes hold both operands, and the fast kernel for it. */
    private static Optional<GemmKernel> narrowestKernel(int[] a, int[] w) {
        for (int bits : new int[] {2, 4, 8}) {
            Codes[] codes = fit(a, w, bits);
            if (codes != null) {
                for (GemmKernel k : Kernels.all()) {
                    if (!k.reference() && k.bits() == bits && k.supports(codes[0], codes[1])) {
                        return Optional.of(k);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Codes of {@code bits} bits (unsigned when no code is negative) holding both operands, or null. */
    private static Codes[] fit(int[] a, int[] w, int bits) {
        Codes ca = fit(a, bits);
        Codes cw = fit(w, bits);
        return ca == null || cw == null ? null : new Codes[] {ca, cw};
    }

    private static Codes fit(int[] v, int bits) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        for (Codes c : List.of(new Codes(bits, false), new Codes(bits, true))) {
            if (min >= c.min() && max <= c.max()) {
                return c;
            }
        }
        return null;
    }
}
