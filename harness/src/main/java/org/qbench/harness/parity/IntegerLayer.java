package org.qbench.harness.parity;

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
        LayerGeometry g = layer.geometry();
        if (!g.denseGemm()) {
            // im2col below lowers a dense, ungrouped convolution only; a dilated or grouped one would need its
            // own lowering (one GEMM per group), so refuse it rather than compute something else.
            throw new IllegalStateException("no integer lowering for " + g.describe() + " (dilation "
                    + g.dilation() + ", groups " + g.groups() + "); only dense, ungrouped convolutions");
        }
        ExportedTensor w = layer.weightQuantizer().export(layer.weightArray());
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
        Product product; // C[(sample, position)][o]
        String kernelId;
        Optional<Chosen> fast = narrowestKernel(shape, matrix, w.codes());
        if (fast.isPresent()) {
            GemmKernel.Prepared prepared = fast.get().prepared();
            prepared.run();
            product = prepared::output;
            kernelId = fast.get().kernel().id();
        } else {
            long[] reference = Gemm.reference(shape, matrix, w.codes());
            product = (m, o) -> reference[m * outChannels + o];
            kernelId = "reference-int64";
        }
        long[] acc = new long[shape.m() * shape.n()];
        for (int s = 0; s < n; s++) { // (sample, position) x o -> sample, o, position
            for (int p = 0; p < positions; p++) {
                for (int o = 0; o < outChannels; o++) {
                    acc[(s * outChannels + o) * positions + p] = product.at(s * positions + p, o);
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

    /**
     * The operands laid out for the fast kernel of the narrowest width (2, 4, 8) whose codes hold both, or
     * nothing when none does. Each operand's range is scanned once.
     */
    private static Optional<Chosen> narrowestKernel(GemmShape shape, int[] a, int[] w) {
        int[] aRange = range(a);
        int[] wRange = range(w);
        for (int bits : new int[] {2, 4, 8}) {
            Codes ca = fit(aRange, bits);
            Codes cw = fit(wRange, bits);
            if (ca == null || cw == null) {
                continue;
            }
            for (GemmKernel k : Kernels.all()) {
                if (!k.reference() && k.bits() == bits && k.supports(ca, cw)) {
                    return Optional.of(new Chosen(k, k.prepare(shape, ca, a, cw, w)));
                }
            }
        }
        return Optional.empty();
    }

    /** The GEMM's output, however it was computed. */
    @FunctionalInterface
    private interface Product {
        long at(int m, int o);
    }

    /** A kernel and the operands laid out for it. */
    private record Chosen(GemmKernel kernel, GemmKernel.Prepared prepared) {}

    /** {min, max} of the codes. */
    private static int[] range(int[] v) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return new int[] {min, max};
    }

    /** Codes of {@code bits} bits (unsigned when no code is negative) holding the range, or null. */
    private static Codes fit(int[] range, int bits) {
        for (Codes c : List.of(new Codes(bits, false), new Codes(bits, true))) {
            if (range[0] >= c.min() && range[1] <= c.max()) {
                return c;
            }
        }
        return null;
    }
}
