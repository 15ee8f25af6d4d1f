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
 * <p>Asymmetric inputs (weights are symmetric, per tensor or per output channel):
 * <ul>
 *   <li>an integer zero point {@code z} (PackQViT's activations): the kernel multiplies the raw codes and the zero
 *       point comes off with {@code sum_k (a_k - z_k) w_ok = sum_k a_k w_ok - sum_k z_k w_ok}, the second sum a
 *       per-output constant of the weights ({@link IntegerGemm#subtractColumnZeroPoints}); convolution padding holds
 *       the code {@code z}, whose value is 0;
 *   <li>a real offset {@code beta} (LSQ+): the codes go through the GEMM as they are and {@code s_w[o] sum_k beta_k
 *       w_ok} is added after it, folded into the bias as the LSQ+ paper does; at a convolution's zero-padded border
 *       the padded taps are left out of that sum (their input is 0, not {@code beta});
 *   <li>one scale per input channel (PackQViT's per-channel activation steps, §3.6 item 6 of the notes): no single
 *       scale factors out of {@code sum_k (a_k - z_k) s_k w_ok}, so each channel's {@code (a_k - z_k)} is first
 *       requantized onto one shared grid {@code s0 = s_min 2^-r} ({@code s_min} the smallest step) as an int16,
 *       {@code a'_k = rint((a_k - z_k) m_k / 2^16)} with the dyadic multiplier {@code m_k = rint(2^16 s_k / s0)}
 *       (the zero point is folded in); {@code r} is the most extra fraction bits with which every code of the
 *       {@code b}-bit grid, {@code |a - z_k| s_k / s_min 2^r}, still fits int16 (at most {@value #MAX_EXTRA_BITS}).
 *       The GEMM then has one scale, {@code s0 s_w[o]}. The requantization error is at most {@code 1/2 + |a - z|
 *       2^-17} units of {@code s0} per input, so at most {@code (1/2 + |a - z|_max 2^-17) sum_k |w_ok|} accumulator
 *       units per output ({@link #requantizationBound}); differences are reported in LSBs of {@code s_min s_w[o]}
 *       ({@code 2^r} accumulator units), where this error shows.
 * </ul>
 *
 * <p>Binary layers (both quantizers 1-bit, codes in {@code {-1, 0, +1}}: sign(x) with sign(0) = 0, and
 * {@code alpha_o sign(W)}) run on the XNOR kernel, each zero code (an exact zero, and the padding of the binarized
 * input) entering it as +1 and corrected exactly afterwards ({@link IntegerGemm#binary}); their kernel id is {@code
 * binary-xnor}, or {@code binary-xnor+zero-taps} when some tap was corrected. XNOR-Net's per-sample activation scales
 * (an input exported with {@code channelAxis} 0, the batch axis) factor out of each sample's sums: they stay out of
 * the GEMM and multiply the LSB per sample ({@code sampleScale}); any symmetric input may have them.
 *
 * @param acc integer accumulators, in the layer's output order (NCHW, or rows x O)
 * @param lsb per output channel, the real value of one accumulator unit
 * @param bias per output channel, or null
 * @param folded per output element, the real offset term {@code s_w[o] sum_k beta_k w_ok} (null without offsets)
 * @param outputShape the output's shape
 * @param channels output channels
 * @param spatial output positions per channel per sample (1 for a fully connected layer)
 * @param kernel the kernel id that computed {@code acc}
 * @param extraBits {@code r} of a requantized input (0 otherwise)
 * @param requantizationBound per output channel, the bound on the requantization error in accumulator units (null
 *     without requantization)
 * @param sampleScale per sample, the input's scale when it has one per sample (XNOR-Net), which {@code lsb} leaves
 *     out; null otherwise
 */
record IntegerLayer(long[] acc, double[] lsb, float[] bias, double[] folded, long[] outputShape, int channels,
        int spatial, String kernel, int extraBits, double[] requantizationBound, double[] sampleScale)
        implements IntegerOutput {

    /** The most extra fraction bits a requantized input gets below its smallest step. */
    static final int MAX_EXTRA_BITS = 8;
    /** Fraction bits of the per-channel dyadic requantization multipliers. */
    static final int MULTIPLIER_BITS = 16;
    /** The largest |code| a requantized input may hold: int16. */
    static final int INT16_MAX = Short.MAX_VALUE;

    @Override
    public int size() {
        return acc.length;
    }

    @Override
    public long acc(int e) {
        return acc[e];
    }

    @Override
    public double lsb(int e) {
        return sampleScale == null ? lsb[channel(e)] : lsb[channel(e)] * sampleScale[sample(e)];
    }

    @Override
    public boolean hasAdded() {
        return bias != null || folded != null;
    }

    @Override
    public double added(int e) {
        return (bias == null ? 0 : bias[channel(e)]) + (folded == null ? 0 : folded[e]);
    }

    /** As before offsets existed, the bias comes off in float (the figures of earlier results stay the same). */
    @Override
    public double inAccumulatorUnits(int e, float fq) {
        int o = channel(e);
        if (folded == null) {
            return (fq - (bias == null ? 0 : bias[o])) / lsb(e);
        }
        return ((double) fq - (bias == null ? 0 : bias[o]) - folded[e]) / lsb(e);
    }

    /** The real value of output element {@code i}. */
    @Override
    public double value(int i) {
        int o = (i / spatial) % channels;
        return acc[i] * lsb(i) + (bias == null ? 0 : bias[o]) + (folded == null ? 0 : folded[i]);
    }

    /** Output channel of element {@code i}. */
    int channel(int i) {
        return (i / spatial) % channels;
    }

    /** Sample (index along the batch axis) of element {@code i}. */
    int sample(int i) {
        return (int) (i / (acc.length / outputShape[0]));
    }

    /** The input's integer form as the GEMM takes it. */
    private record Input(int[] codes, int[] zeroPoints, double scale, int extraBits, int maxAbs) {}

    /**
     * Computes the layer on {@code x} (its input, before the input quantizer), or nothing when the input has no
     * integer form of its own (the first layer's normalised image: its affine map folds into the bias on
     * integer hardware, so qbench keeps that layer in float).
     */
    static Optional<IntegerLayer> of(QuantizedLayer layer, NDArray x) {
        return of(layer, x, true);
    }

    /**
     * As {@link #of(QuantizedLayer, NDArray)}; {@code correctZeroTaps} false leaves out a binary layer's zero-tap
     * correction, so tests can show it matters.
     */
    static Optional<IntegerLayer> of(QuantizedLayer layer, NDArray x, boolean correctZeroTaps) {
        ExportedTensor a;
        try {
            a = layer.inputQuantizer().export(x);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        LayerGeometry g = layer.geometry();
        if (!g.denseGemm()) {
            // im2col below lowers a dense, ungrouped convolution only; a dilated or grouped one would need its
            // own lowering (one GEMM per group), so refuse it rather than compute something else.
            throw new IllegalStateException("no integer lowering for " + g.describe() + " (dilation "
                    + g.dilation() + ", groups " + g.groups() + "); only dense, ungrouped convolutions");
        }
        long[] xs = a.shape();
        int featureAxis = g.convolution() ? 1 : xs.length - 1;
        // Scales per sample (axis 0, XNOR-Net's activations) factor out of every row of a sample; zero points or
        // offsets per sample would need per-row corrections, which no method exports.
        boolean perSample = a.channelAxis() == 0 && a.hasChannelScales();
        if (perSample && (a.hasZeroPoint() || a.hasOffset())) {
            throw new IllegalStateException("input scales per sample (axis 0 of " + java.util.Arrays.toString(xs)
                    + ") with a zero point or offset: only symmetric inputs lower with per-sample scales");
        }
        if (a.channelAxis() >= 0 && a.channels() > 1 && a.channelAxis() != featureAxis && a.channelAxis() != 0) {
            throw new IllegalStateException("input scales per axis " + a.channelAxis() + " of " + java.util.Arrays.toString(xs)
                    + ": only per tensor, per sample (axis 0) or per input channel (axis " + featureAxis
                    + ") lower to one GEMM");
        }
        ExportedTensor w = layer.weightQuantizer().export(layer.weightArray());
        if (w.hasZeroPoint() || w.hasOffset()) {
            throw new IllegalStateException("weights with a zero point or offset: the integer path takes symmetric weights");
        }
        int inputChannels = g.convolution() ? (int) xs[1] : (int) xs[xs.length - 1];
        boolean requantized = a.hasChannelScales() && !perSample;
        Input in = perSample ? new Input(a.codes(), null, 1.0, 0, 0)
                : requantized ? requantize(a, layer.inputQuantizer().bits(), inputChannels) : plain(a, inputChannels);
        int outChannels = (int) w.shape()[0];
        int k = w.codes().length / outChannels;
        int rows; // samples for a convolution, (sample, token) rows for a fully connected layer
        int[] matrix;
        int positions;
        long[] outShape;
        int kk = g.kernel();
        int[] padMask = null; // convolutions: 1 where the im2col entry is a real input, 0 where it is padding
        if (g.convolution()) {
            rows = (int) xs[0];
            int c = (int) xs[1];
            int h = (int) xs[2];
            int wd = (int) xs[3];
            int oh = (h + 2 * g.padding() - g.kernel()) / g.stride() + 1;
            int ow = (wd + 2 * g.padding() - g.kernel()) / g.stride() + 1;
            positions = oh * ow;
            matrix = im2col(in.codes(), rows, c, h, wd, g, oh, ow, in.zeroPoints());
            if (a.hasOffset() && g.padding() > 0) {
                int[] ones = new int[in.codes().length];
                java.util.Arrays.fill(ones, 1);
                padMask = im2col(ones, rows, c, h, wd, g, oh, ow, null);
            }
            outShape = new long[] {rows, outChannels, oh, ow};
        } else {
            positions = 1;
            matrix = in.codes();
            rows = matrix.length / k;
            outShape = xs.clone();
            outShape[outShape.length - 1] = outChannels;
        }
        GemmShape shape = new GemmShape(rows * positions, outChannels, k);
        long[] raw;
        String kernelId;
        boolean binary = binary(layer, in, requantized, a, matrix, w.codes());
        Optional<Chosen> fast = binary ? Optional.empty() : narrowestKernel(shape, matrix, w.codes());
        if (binary) {
            String[] id = new String[1];
            raw = IntegerGemm.binary(matrix, w.codes(), shape.m(), shape.n(), k, id, correctZeroTaps);
            kernelId = id[0];
        } else if (fast.isPresent()) {
            GemmKernel.Prepared prepared = fast.get().prepared();
            prepared.run();
            raw = new long[shape.m() * shape.n()];
            for (int m = 0; m < shape.m(); m++) {
                for (int o = 0; o < outChannels; o++) {
                    raw[m * outChannels + o] = prepared.output(m, o);
                }
            }
            kernelId = fast.get().kernel().id();
        } else {
            raw = Gemm.reference(shape, matrix, w.codes());
            kernelId = "reference-int64";
        }
        if (in.zeroPoints() != null) {
            int[] columnZero = new int[k];
            for (int col = 0; col < k; col++) {
                columnZero[col] = in.zeroPoints()[g.convolution() ? col / (kk * kk) : col];
            }
            raw = IntegerGemm.subtractColumnZeroPoints(raw, shape.m(), outChannels, k, columnZero, w.codes());
            kernelId += "+zp";
        }
        long[] acc = new long[shape.m() * shape.n()];
        for (int s = 0; s < rows; s++) { // (sample, position) x o -> sample, o, position
            for (int p = 0; p < positions; p++) {
                for (int o = 0; o < outChannels; o++) {
                    acc[(s * outChannels + o) * positions + p] = raw[(s * positions + p) * outChannels + o];
                }
            }
        }
        double[] lsb = new double[outChannels];
        for (int o = 0; o < outChannels; o++) {
            lsb[o] = in.scale() * (w.channelAxis() < 0 ? w.scales()[0] : w.scales()[o]);
        }
        double[] folded = a.hasOffset() ? fold(a, w, rows, positions, outChannels, k, g, padMask) : null;
        double[] bound = null;
        if (requantized) {
            bound = new double[outChannels];
            double perInput = 0.5 + in.maxAbs() * Math.scalb(1.0, -MULTIPLIER_BITS - 1);
            for (int o = 0; o < outChannels; o++) {
                long sumAbs = 0;
                for (int col = 0; col < k; col++) {
                    sumAbs += Math.abs(w.codes()[o * k + col]);
                }
                bound[o] = perInput * sumAbs;
            }
            kernelId += "+requant-int16";
        }
        float[] bias = layer.biasArray().map(NDArray::toFloatArray).orElse(null);
        double[] sampleScale = null;
        if (perSample) {
            sampleScale = new double[a.channels()];
            for (int s = 0; s < sampleScale.length; s++) {
                sampleScale[s] = a.scale(s);
            }
        }
        return Optional.of(new IntegerLayer(acc, lsb, bias, folded, outShape, outChannels, positions, kernelId,
                requantized ? in.extraBits() : 0, bound, sampleScale));
    }

    /**
     * Whether the layer is binary: both quantizers 1-bit, a symmetric input on one grid, and every code of both
     * operands (padding included) -1, 0 or +1.
     */
    private static boolean binary(QuantizedLayer layer, Input in, boolean requantized, ExportedTensor a, int[] matrix,
            int[] w) {
        if (layer.inputQuantizer().bits() != 1 || layer.weightQuantizer().bits() != 1 || in.zeroPoints() != null
                || requantized || a.hasOffset()) {
            return false;
        }
        int[] ra = range(matrix);
        int[] rw = range(w);
        return ra[0] >= -1 && ra[1] <= 1 && rw[0] >= -1 && rw[1] <= 1;
    }

    /** One scale for every input: the codes as they are, with their zero points per input channel (or none). */
    private static Input plain(ExportedTensor a, int inputChannels) {
        int[] zeroPoints = null;
        if (a.hasZeroPoint()) {
            zeroPoints = new int[inputChannels];
            for (int c = 0; c < inputChannels; c++) {
                zeroPoints[c] = a.zeroPoint(a.channels() == 1 ? 0 : c);
            }
        }
        return new Input(a.codes(), zeroPoints, a.scale(0), 0, 0);
    }

    /**
     * Per-channel scales onto one grid {@code s0 = s_min 2^-r}: int16 codes {@code rint((a - z_c) m_c / 2^16)},
     * {@code m_c = rint(2^16 s_c / s0)}; {@code r} the most extra bits (up to {@link #MAX_EXTRA_BITS}, possibly
     * negative) with which every code of a {@code bits}-bit grid, signed or not, fits int16.
     */
    static Input requantize(ExportedTensor a, int bits, int inputChannels) {
        double sMin = Double.POSITIVE_INFINITY;
        for (float s : a.scales()) {
            sMin = Math.min(sMin, s);
        }
        int lowest = -(1 << (bits - 1));
        int highest = (1 << bits) - 1;
        double worst = 0; // the largest |a - z_c| s_c / s_min over the grid
        int maxAbs = 0;
        for (int c = 0; c < inputChannels; c++) {
            int z = a.zeroPoint(c);
            int span = Math.max(Math.abs(lowest - z), Math.abs(highest - z));
            maxAbs = Math.max(maxAbs, span);
            worst = Math.max(worst, span * (a.scale(c) / sMin));
        }
        int r = Math.min(MAX_EXTRA_BITS, (int) Math.floor(Math.log(INT16_MAX / worst) / Math.log(2)));
        while (r > -64 && worst * Math.scalb(1.0, r) * (1 + Math.scalb(1.0, -MULTIPLIER_BITS)) + 0.5 > INT16_MAX) {
            r--; // the multiplier's rounding and the final rounding may still cross the bound
        }
        double s0 = Math.scalb(sMin, -r);
        long[] multiplier = new long[inputChannels];
        for (int c = 0; c < inputChannels; c++) {
            multiplier[c] = Math.round(Math.scalb(a.scale(c) / s0, MULTIPLIER_BITS));
        }
        int[] out = new int[a.codes().length];
        double unit = Math.scalb(1.0, -MULTIPLIER_BITS);
        for (int i = 0; i < out.length; i++) {
            int c = a.channelOf(i);
            long v = Math.round(Math.rint((a.codes()[i] - a.zeroPoint(c)) * multiplier[c] * unit));
            if (Math.abs(v) > INT16_MAX) {
                throw new IllegalStateException("requantized input " + v + " does not fit int16");
            }
            out[i] = (int) v;
        }
        return new Input(out, null, s0, r, maxAbs);
    }

    /**
     * The LSQ+ offsets folded after the product, per output element: {@code s_w[o] sum_k beta_k w_ok} over the taps
     * that read a real input (at a convolution's border the padded taps read 0, not {@code beta}).
     */
    private static double[] fold(ExportedTensor a, ExportedTensor w, int rows, int positions, int outChannels, int k,
            LayerGeometry g, int[] padMask) {
        int kk = g.kernel() * g.kernel();
        double[] full = new double[outChannels]; // in weight-code units
        double[] beta = new double[k];
        for (int col = 0; col < k; col++) {
            int c = g.convolution() ? col / kk : col;
            beta[col] = a.offset(a.channels() == 1 ? 0 : c);
        }
        for (int o = 0; o < outChannels; o++) {
            for (int col = 0; col < k; col++) {
                full[o] += beta[col] * w.codes()[o * k + col];
            }
        }
        double[] folded = new double[rows * outChannels * positions];
        for (int s = 0; s < rows; s++) {
            for (int p = 0; p < positions; p++) {
                int row = s * positions + p;
                for (int o = 0; o < outChannels; o++) {
                    double sum = full[o];
                    if (padMask != null) {
                        for (int col = 0; col < k; col++) {
                            if (padMask[row * k + col] == 0) {
                                sum -= beta[col] * w.codes()[o * k + col];
                            }
                        }
                    }
                    double sw = w.channelAxis() < 0 ? w.scales()[0] : w.scales()[o];
                    folded[(s * outChannels + o) * positions + p] = sum * sw;
                }
            }
        }
        return folded;
    }

    /**
     * Rows (sample, oh, ow), columns (channel, kh, kw) with padding: the weight layout OIHW flattened. The padding
     * holds each channel's zero point ({@code pad[c]}, the code whose value is 0), or 0 when {@code pad} is null.
     */
    private static int[] im2col(int[] x, int n, int c, int h, int w, LayerGeometry g, int oh, int ow, int[] pad) {
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
                                } else if (pad != null) {
                                    out[row * cols + (ch * kk + ky) * kk + kx] = pad[ch];
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
    static Optional<Chosen> narrowestKernel(GemmShape shape, int[] a, int[] w) {
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

    /** A kernel and the operands laid out for it. */
    record Chosen(GemmKernel kernel, GemmKernel.Prepared prepared) {}

    /** {min, max} of the codes. */
    static int[] range(int[] v) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return new int[] {min, max};
    }

    /** Codes of {@code bits} bits (unsigned when no code is negative) holding the range, or null. */
    static Codes fit(int[] range, int bits) {
        for (Codes c : List.of(new Codes(bits, false), new Codes(bits, true))) {
            if (range[0] >= c.min() && range[1] <= c.max()) {
                return c;
            }
        }
        return null;
    }
}
