package org.qbench.harness.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.qbench.hardware.kernel.AttentionKernel;
import org.qbench.hardware.kernel.AttentionKernels;
import org.qbench.hardware.kernel.Codes;
import org.qbench.hardware.kernel.ShiftAddShape;
import org.qbench.methods.layers.QuantMatMul;
import org.qbench.methods.packqvit.Log2Softmax;
import org.qbench.methods.quant.ExportedTensor;

/**
 * A transformer's attention in integers, stage by stage in forward order, from the operands' exported codes:
 * <ul>
 *   <li>{@code Q K^T}: one integer GEMM per (sample, head) on the raw codes of {@code q} and {@code k^T}, their zero
 *       points (per head or per tensor) removed by the identity of {@link IntegerGemm#product}; LSB {@code s_q s_k}
 *       per head; LSQ+ offsets folded after the product (row and column sums of the codes times the real offsets);
 *   <li>the log2 softmax (PackQViT): {@link IntegerSoftmax} on those integer logits with the scale {@code s_q s_k /
 *       sqrt(d)} ({@code d} the head width; checked against the logits the model computed), giving exponent codes;
 *       compared with {@code Log2Softmax.exponents} of the simulated base-2 softmax, in exponent steps;
 *   <li>{@code P V}: with log2 {@code P} (exact powers of two), the shift-add reference kernel ({@code
 *       attn-shiftadd-scalar}) on {@code P}'s exponents and {@code V}'s raw codes, then {@code - z_v sum_t 2^(F - k)}
 *       for V's zero point; LSB {@code s_v 2^-F}, {@code F = 2^b - 1}. With a uniform {@code P} (the LSQ and LSQ+
 *       baselines, whose softmax stays in float) an integer GEMM per head as {@code Q K^T}.
 * </ul>
 * The softmax stage needs the preceding {@code Q K^T} of the same forward: {@link #scores} keeps it.
 */
final class IntegerAttention {

    /** The last {@code Q K^T} of this forward: its integer form and the values the network went on with. */
    private IntegerProduct lastScores;
    private float[] lastScoresOut;
    private int lastHeadWidth;
    private int block = -1;

    /** The transformer block of the last {@code Q K^T} (0-based). */
    int block() {
        return block;
    }

    /** {@code Q K^T} from the product's inputs (before its quantizers), or null when an operand has no integer form. */
    IntegerProduct scores(QuantMatMul product, NDArray left, NDArray right) {
        block++;
        lastScores = null;
        ExportedTensor q = export(product.leftQuantizer(), left);
        ExportedTensor k = export(product.rightQuantizer(), right);
        if (q == null || k == null) {
            return null;
        }
        lastScores = perHeadGemm(q, k);
        lastHeadWidth = (int) q.shape()[3];
        return lastScores;
    }

    /** Records what the network went on with after {@code Q K^T} (its output, or its replacement). */
    void scoresOut(float[] values) {
        lastScoresOut = values;
    }

    /**
     * The integer exponents of the log2 softmax of the last {@code Q K^T}, or null when it had no integer form.
     *
     * @throws IllegalStateException when the logits are not the last {@code Q K^T} times {@code 1/sqrt(d)}
     */
    int[] exponents(Log2Softmax softmax, NDArray logits) {
        if (lastScores == null || lastScores.folded() != null) {
            return null; // no integer logits (an operand without codes, or real offsets)
        }
        float c = (float) (1.0 / Math.sqrt(lastHeadWidth));
        float[] l = logits.toType(DataType.FLOAT32, false).toFloatArray();
        if (l.length != lastScoresOut.length) {
            throw new IllegalStateException("the softmax's logits do not follow the last q*k^T");
        }
        for (int i = 0; i < l.length; i++) {
            if (l[i] != lastScoresOut[i] * c) {
                throw new IllegalStateException("attention logits are not q*k^T / sqrt(" + lastHeadWidth + ") at " + i
                        + ": " + l[i] + " vs " + lastScoresOut[i] + " * " + c);
            }
        }
        long[] shape = lastScores.outputShape();
        int rows = (int) shape[2];
        int cols = (int) shape[3];
        int perHead = rows * cols;
        int[] out = new int[l.length];
        long[] slice = new long[perHead];
        for (int g = 0; g < l.length / perHead; g++) {
            System.arraycopy(lastScores.acc(), g * perHead, slice, 0, perHead);
            double scale = lastScores.headLsb(g % lastScores.heads()) * c;
            System.arraycopy(IntegerSoftmax.exponents(slice, rows, cols, scale, softmax.bits()), 0, out, g * perHead, perHead);
        }
        return out;
    }

    /**
     * {@code P V} from the product's inputs, or null when it has no integer path here (a {@code P} neither exported
     * nor on a log2 grid of at most 4 bits, whose shift-add sums fit int32).
     */
    IntegerProduct context(QuantMatMul product, NDArray left, NDArray right) {
        ExportedTensor v = export(product.rightQuantizer(), right);
        if (v == null) {
            return null;
        }
        ExportedTensor p = export(product.leftQuantizer(), left);
        if (p != null) {
            return perHeadGemm(p, v);
        }
        int bits = product.leftBits();
        if (bits > 4) {
            return null; // F = 2^b - 1 > 15: the shift-add sums overflow int32 (ShiftAddShape)
        }
        float[] pv = left.toType(DataType.FLOAT32, false).toFloatArray();
        int[] k = new int[pv.length];
        int f = (1 << bits) - 1;
        for (int i = 0; i < pv.length; i++) {
            k[i] = exponentOf(pv[i], f);
            if (k[i] == Integer.MIN_VALUE) {
                return null; // not on the log2 grid: no shift-add form
            }
        }
        return shiftAdd(k, bits, v);
    }

    /** {@code k} of {@code p = 2^-k} ({@code 0 <= k <= f}), {@code Log2Softmax.ZERO} for 0, else MIN_VALUE. */
    static int exponentOf(float p, int f) {
        if (p == 0f) {
            return Log2Softmax.ZERO;
        }
        int e = Math.getExponent(p);
        if (p != Math.scalb(1f, e) || -e < 0 || -e > f) {
            return Integer.MIN_VALUE;
        }
        return -e;
    }

    /** {@code P V} per (sample, head) on the shift-add reference kernel, exponents {@code [B,H,N,M]}, V {@code [B,H,M,d]}. */
    static IntegerProduct shiftAdd(int[] exponents, int bits, ExportedTensor v) {
        long[] vs = requireHeads(v);
        int batch = (int) vs[0];
        int heads = (int) vs[1];
        int m = (int) vs[2];
        int d = (int) vs[3];
        int n = exponents.length / (batch * heads * m);
        int f = (1 << bits) - 1;
        int[] range = IntegerLayer.range(v.codes());
        Codes codes = IntegerLayer.fit(range, 4) != null ? IntegerLayer.fit(range, 4) : IntegerLayer.fit(range, 8);
        if (codes == null) {
            throw new IllegalStateException("V codes " + range[0] + ".." + range[1] + " do not fit 8 bits");
        }
        ShiftAddShape shape = new ShiftAddShape(n, m, d, bits, codes);
        AttentionKernel kernel = AttentionKernels.reference();
        long[] acc = new long[batch * heads * n * d];
        double[] folded = v.hasOffset() ? new double[acc.length] : null;
        int[] pk = new int[n * m];
        int[] vk = new int[m * d];
        for (int g = 0; g < batch * heads; g++) {
            int h = g % heads;
            System.arraycopy(exponents, g * n * m, pk, 0, n * m);
            System.arraycopy(v.codes(), g * m * d, vk, 0, m * d);
            AttentionKernel.Prepared prepared = kernel.prepare(shape, pk, vk);
            prepared.run();
            int z = v.zeroPoint(v.channels() == 1 ? 0 : h);
            for (int i = 0; i < n; i++) {
                long rowSum = 0; // sum_t 2^(F - k): P's row sum on the output's fixed-point scale
                for (int t = 0; t < m; t++) {
                    int k = pk[i * m + t];
                    rowSum += k == ShiftAddShape.ZERO ? 0 : 1L << (f - k);
                }
                for (int j = 0; j < d; j++) {
                    int e = (g * n + i) * d + j;
                    acc[e] = (long) prepared.output(i, j) - z * rowSum;
                    if (folded != null) {
                        folded[e] = v.offset(v.channels() == 1 ? 0 : h) * Math.scalb((double) rowSum, -f);
                    }
                }
            }
        }
        double[] lsb = new double[heads];
        for (int h = 0; h < heads; h++) {
            lsb[h] = v.scale(v.channels() == 1 ? 0 : h) * Math.scalb(1.0, -f);
        }
        return new IntegerProduct(acc, lsb, heads, n * d, folded, new long[] {batch, heads, n, d},
                kernel.id() + (v.hasZeroPoint() ? "+zp" : ""));
    }

    /**
     * {@code A B} per (sample, head), {@code A} {@code [B,H,M,K]} and {@code B} {@code [B,H,K,N]}, each with one scale,
     * zero point and offset per head or per tensor: integer GEMMs with the zero-point identity, the offsets folded as
     * {@code s_a beta_b sum_x (a - z_a) + beta_a s_b sum_x (b - z_b) + K beta_a beta_b}.
     */
    static IntegerProduct perHeadGemm(ExportedTensor a, ExportedTensor b) {
        long[] as = requireHeads(a);
        long[] bs = requireHeads(b);
        int batch = (int) as[0];
        int heads = (int) as[1];
        int m = (int) as[2];
        int k = (int) as[3];
        int n = (int) bs[3];
        if (bs[2] != k || bs[0] != batch || bs[1] != heads) {
            throw new IllegalStateException("operands " + java.util.Arrays.toString(as) + " x " + java.util.Arrays.toString(bs));
        }
        boolean offsets = a.hasOffset() || b.hasOffset();
        long[] acc = new long[batch * heads * m * n];
        double[] folded = offsets ? new double[acc.length] : null;
        int[] av = new int[m * k];
        int[] bt = new int[n * k];
        String[] kernel = new String[1];
        for (int g = 0; g < batch * heads; g++) {
            int h = g % heads;
            int ha = a.channels() == 1 ? 0 : h;
            int hb = b.channels() == 1 ? 0 : h;
            System.arraycopy(a.codes(), g * m * k, av, 0, m * k);
            for (int x = 0; x < k; x++) {
                for (int c = 0; c < n; c++) {
                    bt[c * k + x] = b.codes()[(g * k + x) * n + c];
                }
            }
            int za = a.zeroPoint(ha);
            int zb = b.zeroPoint(hb);
            long[] c = IntegerGemm.product(av, za, bt, zb, m, n, k, kernel);
            System.arraycopy(c, 0, acc, g * m * n, m * n);
            if (offsets) {
                double sa = a.scale(ha);
                double sb = b.scale(hb);
                double betaA = a.offset(ha);
                double betaB = b.offset(hb);
                for (int i = 0; i < m; i++) {
                    long rowA = 0;
                    for (int x = 0; x < k; x++) {
                        rowA += av[i * k + x] - za;
                    }
                    for (int j = 0; j < n; j++) {
                        long colB = 0;
                        for (int x = 0; x < k; x++) {
                            colB += bt[j * k + x] - zb;
                        }
                        folded[g * m * n + i * n + j] = sa * betaB * rowA + betaA * sb * colB + k * betaA * betaB;
                    }
                }
            }
        }
        double[] lsb = new double[heads];
        for (int h = 0; h < heads; h++) {
            lsb[h] = (double) a.scale(a.channels() == 1 ? 0 : h) * b.scale(b.channels() == 1 ? 0 : h);
        }
        return new IntegerProduct(acc, lsb, heads, m * n, folded, new long[] {batch, heads, m, n}, kernel[0]);
    }

    /** The shape of a 4-D {@code [B,H,.,.]} tensor with per-tensor or per-head values. */
    private static long[] requireHeads(ExportedTensor t) {
        long[] s = t.shape();
        if (s.length != 4 || (t.channelAxis() >= 0 && t.channels() > 1 && t.channelAxis() != 1)) {
            throw new IllegalStateException("attention operand " + java.util.Arrays.toString(s) + " with values per axis "
                    + t.channelAxis() + ": only per tensor or per head (axis 1) of a 4-D tensor");
        }
        return s;
    }

    private static ExportedTensor export(org.qbench.methods.quant.Quantizer q, NDArray x) {
        try {
            return q.export(x);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * An attention product's integer output: accumulators in the output's order {@code [B,H,rows,cols]}, one LSB per
     * head, and real offset terms (LSQ+) per element or none.
     */
    record IntegerProduct(long[] acc, double[] headLsbs, int heads, int perHead, double[] folded, long[] outputShape,
            String kernel) implements IntegerOutput {

        double headLsb(int h) {
            return headLsbs[h];
        }

        private int head(int e) {
            return (e / perHead) % heads;
        }

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
            return headLsbs[head(e)];
        }

        @Override
        public boolean hasAdded() {
            return folded != null;
        }

        @Override
        public double added(int e) {
            return folded == null ? 0 : folded[e];
        }
    }
}
