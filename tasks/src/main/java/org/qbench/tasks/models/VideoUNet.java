package org.qbench.tasks.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.quant.EngineArrays;

/**
 * The full-precision reference networks of the low-light video task, and the clip-shape helpers its networks share.
 *
 * <p>The reference is a standard U-Net as learning-to-see-in-the-dark denoisers use it (Chen et al., CVPR 2018):
 * per level two 3x3 convolutions with LeakyReLU(0.2), 2x2 max pooling down, bilinear x2 and a 3x3 convolution up,
 * the encoder's feature concatenated, a 1x1 output convolution; widths {@code w, 2w, 4w, ...}. It predicts the
 * residual on its (amplified) input. {@link Kind#MULTI_FRAME} stacks the window's frames on the channel axis
 * ({@code 4 T} channels in and out), the usual way a multi-frame denoiser sees time (the larger full-precision
 * baseline a binarized network's savings are measured against); {@link Kind#SINGLE_FRAME} runs the same U-Net on one
 * frame at a time (the floor a multi-frame network must clear).
 */
public final class VideoUNet {

    /** How the U-Net sees the window's frames. */
    public enum Kind {
        /** All frames at once, stacked on the channel axis. */
        MULTI_FRAME,
        /** One frame at a time. */
        SINGLE_FRAME
    }

    /**
     * The reference U-Net's hyper-parameters.
     *
     * @param kind how it sees the frames
     * @param width channels of the first level
     * @param depth levels
     * @param window frames per forward
     */
    public record Spec(Kind kind, int width, int depth, int window) {

        /** Validates the sizes. */
        public Spec {
            if (width < 1 || depth < 2 || window < 1) {
                throw new IllegalArgumentException("a U-Net needs a width, at least 2 levels and a window, got width "
                        + width + ", depth " + depth + ", window " + window);
            }
        }

        /** How result files name the model. */
        public String describe() {
            return (kind == Kind.MULTI_FRAME ? "multi-frame" : "single-frame") + " fp u-net, widths " + width + " x 2^"
                    + "level, " + depth + " levels, window " + window;
        }
    }

    private VideoUNet() {}

    /** The network for {@code spec}, built from {@code layers}; input and output {@code [B, T, 4, H, W]}. */
    public static Block build(LayerFactory layers, Spec spec) {
        int t = spec.window();
        boolean multi = spec.kind() == Kind.MULTI_FRAME;
        int channels = multi ? 4 * t : 4;
        Block unet = new SequentialBlock()
                .add(level(layers, spec, 0, channels))
                .add(layers.conv2d(ConvSpec.of(channels, 1, LayerRole.HEAD).withBias(true).withSignedInput(true)));
        SequentialBlock net = new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(multi ? framesToChannels(x.singletonOrThrow())
                        : framesToBatch(x.singletonOrThrow())), "frames_in"))
                .add(new ParallelBlock(VideoUNet::sum, List.of(identity("identity"), unet)))
                .add(new LambdaBlock(x -> new NDList(multi ? channelsToFrames(x.singletonOrThrow(), t)
                        : batchToFrames(x.singletonOrThrow(), t)), "frames_out"));
        net.setInitializer(Edsr.PYTORCH_DEFAULT, Parameter.Type.WEIGHT);
        return net;
    }

    /** Level {@code i}: two convs, then (above the bottom) down, the level below, up, concat, two convs. */
    private static Block level(LayerFactory layers, Spec spec, int i, int inChannels) {
        int w = spec.width() << i;
        SequentialBlock s = twoConvs(layers, w, i == 0 ? LayerRole.STEM : LayerRole.BODY);
        if (i + 1 < spec.depth()) {
            Block inner = new SequentialBlock()
                    .add(new LambdaBlock(x -> new NDList(Pool.maxPool2d(x.singletonOrThrow(), new Shape(2, 2),
                            new Shape(2, 2), new Shape(0, 0), false)), "max_pool"))
                    .add(level(layers, spec, i + 1, w))
                    .add(bilinearUp())
                    .add(layers.conv2d(BrveNet.conv(w, 3, LayerRole.BODY).withBias(true)));
            s.add(new ParallelBlock(VideoUNet::concatChannels, List.of(identity("skip"), inner)));
            s.add(twoConvs(layers, w, LayerRole.BODY));
        }
        return s;
    }

    private static SequentialBlock twoConvs(LayerFactory layers, int w, LayerRole first) {
        return new SequentialBlock()
                .add(layers.conv2d(BrveNet.conv(w, 3, first).withBias(true)))
                .add(leakyRelu(0.2f))
                .add(layers.conv2d(BrveNet.conv(w, 3, LayerRole.BODY).withBias(true)))
                .add(leakyRelu(0.2f));
    }

    /** A block that passes its input on: the plain branch of a residual or skip join. */
    static Block identity(String name) {
        return new LambdaBlock(x -> x, name);
    }

    /** {@link #upsample2x} as a block. */
    static Block bilinearUp() {
        return new LambdaBlock(x -> new NDList(upsample2x(x.singletonOrThrow())), "bilinear_x2");
    }

    /** LeakyReLU with negative slope {@code alpha}. */
    static Block leakyRelu(float alpha) {
        return new LambdaBlock(x -> new NDList(Activation.leakyRelu(x.singletonOrThrow(), alpha)), "leaky_relu");
    }

    /** Sums same-shape outputs (a residual join). */
    static NDList sum(List<NDList> outputs) {
        NDArray total = outputs.get(0).singletonOrThrow();
        for (int i = 1; i < outputs.size(); i++) {
            total = total.add(outputs.get(i).singletonOrThrow());
        }
        return new NDList(total);
    }

    /** Concatenates outputs along the channel axis (a U-Net's skip join). */
    static NDList concatChannels(List<NDList> outputs) {
        NDList parts = new NDList();
        outputs.forEach(o -> parts.add(o.singletonOrThrow()));
        return new NDList(NDArrays.concat(parts, 1));
    }

    /** {@code [B, T, C, H, W] -> [B T, C, H, W]}. */
    public static NDArray framesToBatch(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4));
    }

    /** {@code [B T, C, H, W] -> [B, T, C, H, W]}. */
    public static NDArray batchToFrames(NDArray x, int t) {
        Shape s = x.getShape();
        return x.reshape(s.get(0) / t, t, s.get(1), s.get(2), s.get(3));
    }

    /** {@code [B, T, C, H, W] -> [B, T C, H, W]}. */
    static NDArray framesToChannels(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1) * s.get(2), s.get(3), s.get(4));
    }

    /** {@code [B, T C, H, W] -> [B, T, C, H, W]}. */
    static NDArray channelsToFrames(NDArray x, int t) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), t, s.get(1) / t, s.get(2), s.get(3));
    }

    /**
     * Bilinear x2 up-sampling of {@code [N, C, H, W]} as PyTorch's {@code interpolate(scale_factor=2, mode='bilinear',
     * align_corners=False)}: each output pixel is 3/4 of its nearest input and 1/4 of the next nearest, clamped at
     * the borders.
     */
    public static NDArray upsample2x(NDArray x) {
        return upsampleAxis(upsampleAxis(x, 2), 3);
    }

    private static NDArray upsampleAxis(NDArray x, int axis) {
        long n = x.getShape().get(axis);
        String lead = ":, ".repeat(axis);
        NDArray first = x.get(new NDIndex(lead + "0:1"));
        NDArray last = x.get(new NDIndex(lead + (n - 1) + ":" + n));
        NDArray prev = n > 1 ? first.concat(x.get(new NDIndex(lead + "0:" + (n - 1))), axis) : first;
        NDArray next = n > 1 ? x.get(new NDIndex(lead + "1:" + n)).concat(last, axis) : last;
        NDArray threeQuarters = x.mul(EngineArrays.scalar(x.getManager(), 0.75f));
        NDArray quarter = EngineArrays.scalar(x.getManager(), 0.25f);
        NDArray even = threeQuarters.add(prev.mul(quarter));
        NDArray odd = threeQuarters.add(next.mul(quarter));
        Shape s = x.getShape();
        long[] out = s.getShape().clone();
        out[axis] = 2 * n;
        return NDArrays.stack(new NDList(even, odd), axis + 1).reshape(new Shape(out));
    }
}
