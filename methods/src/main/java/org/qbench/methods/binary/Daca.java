package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import org.qbench.methods.quant.StraightThrough;

/**
 * BRVE's distribution-aware channel attention (DACA, {@code sr-lowlight.md} §3.2), on the real-valued input
 * {@code x~} {@code (N, C, H, W)} of a binary conv: per sample and channel the three statistics {@code mean|x~|},
 * {@code mean x~} and {@code std x~ = sqrt(var + 1e-6)} over {@code H, W} (unbiased variance, divisor
 * {@code HW - 1}, as {@code torch.var}); stacked {@code (N, 3, C)}; a 1-D convolution along the channel axis from 3
 * to 1 signal with kernel {@link #kernelSize}, zero padding {@code (k - 1)/2}, no bias; a sigmoid; output
 * {@code (N, C, 1, 1)}, per-channel weights in (0, 1) that broadcast over the conv's output.
 *
 * <p>Parameters: the {@code 3 k} weights of the 1-D conv, in full precision, initialised as PyTorch's
 * {@code nn.Conv1d}: uniform on {@code +-1/sqrt(fan_in)}, {@code fan_in = 3 k}.
 */
public final class Daca extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Added to the variance before the square root, as in the released code. */
    static final float VARIANCE_EPSILON = 1e-6f;
    private static final int STATISTICS = 3;

    private final int channels;
    private final int kernel;
    private final Parameter weight;

    /**
     * An attention over {@code channels} channels.
     *
     * @param channels the input's channels
     */
    public Daca(int channels) {
        super(VERSION);
        this.channels = Blocks.positive("channels", channels);
        this.kernel = kernelSize(channels);
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(STATISTICS * kernel))))
                .optShape(new Shape(1, STATISTICS, kernel)).build());
    }

    /**
     * ECA's adaptive kernel size (Wang et al., CVPR 2020, {@code gamma = 2, b = 1}): {@code t = floor((log2 C + 1) /
     * 2)}, then the nearest odd number {@code >= t} ({@code t} when odd, {@code t + 1} when even). 3 for C = 8..127
     * (24, 48 and 96 included); 1 for C = 1..7 (t = 0 gives 1: a per-channel mix of the three statistics, no
     * neighbours); 5 from C = 128.
     */
    public static int kernelSize(int channels) {
        int t = (int) Math.floor((Math.log(Blocks.positive("channels", channels)) / Math.log(2) + 1) / 2);
        return t % 2 == 1 ? t : t + 1;
    }

    /** The channel count. */
    public int channels() {
        return channels;
    }

    /** The 1-D kernel size {@code k}. */
    public int kernel() {
        return kernel;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long hw = s.get(2) * s.get(3);
        if (hw < 2) {
            throw new IllegalArgumentException("DACA's unbiased variance needs H*W >= 2, got " + s);
        }
        // DJL's PyTorch engine reduces over one axis at a time: flatten H, W first.
        NDArray flat = x.reshape(n, c, hw);
        NDArray meanAbs = flat.abs().mean(new int[] {2});
        NDArray mean = flat.mean(new int[] {2});
        NDArray var = flat.sub(mean.reshape(n, c, 1)).square().sum(new int[] {2})
                .div(StraightThrough.constant(x, hw - 1));
        NDArray std = var.add(StraightThrough.constant(x, VARIANCE_EPSILON)).sqrt();
        NDArray stats = NDArrays.stack(new NDList(meanAbs, mean, std), 1);
        NDArray w = StraightThrough.inBatch(x, parameterStore.getValue(weight, x.getDevice(), training));
        int pad = (kernel - 1) / 2;
        NDArray logits = Conv1d.conv1d(stats, w, null, new Shape(1), new Shape(pad), new Shape(1), 1)
                .singletonOrThrow();
        return new NDList(ai.djl.nn.Activation.sigmoid(logits).reshape(n, c, 1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), 1, 1)};
    }
}
