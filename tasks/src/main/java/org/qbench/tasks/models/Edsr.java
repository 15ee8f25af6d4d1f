package org.qbench.tasks.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.XavierInitializer;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.ScaledResidualRequest;
import org.qbench.methods.quant.EngineArrays;

/**
 * An EDSR-baseline-style super-resolution network (Lim et al., CVPRW 2017), as QuantSR's {@code QEDSR} and BasicSR's
 * {@code EDSR} lay it out, built only from a method's {@link LayerFactory}:
 * <ol>
 *   <li>mean shift: {@code (x - mean) * 255} with DIV2K's RGB mean (0.4488, 0.4371, 0.4040), images in [0, 1];</li>
 *   <li>{@code conv_first} 3 to C, 3x3 ({@link LayerRole#STEM});</li>
 *   <li>the body: B residual blocks {@code x + conv(ReLU(conv(x)))}, 3x3 convs C to C with bias, no batch norm
 *       ({@link LayerRole#BODY}; the first conv sees the signed residual stream, the second a ReLU output). A
 *       method that answers {@link ScaledResidualRequest} replaces the shortcut (QuantSR's learnable, skippable
 *       {@code alpha_i x});</li>
 *   <li>{@code conv_after_body} C to C, 3x3, plus the global skip from {@code conv_first} ({@link LayerRole#UPSAMPLE},
 *       the tail);</li>
 *   <li>the upsampler: per factor 2 of the scale, a 3x3 conv C to 4C and a pixel shuffle by 2 (one conv C to 9C and
 *       a shuffle by 3 for x3) ({@link LayerRole#UPSAMPLE});</li>
 *   <li>{@code conv_last} C to 3, 3x3 ({@link LayerRole#HEAD}), then {@code y / 255 + mean}.</li>
 * </ol>
 * The tail (UPSAMPLE and HEAD) and the stem follow the first/last-layer protocol, so a run with
 * {@code --first-last fp32} quantizes the body only, as PAMS and QuantSR do.
 */
public final class Edsr {

    /** DIV2K's RGB mean, which BasicSR's EDSR subtracts. */
    static final float[] DIV2K_MEAN = {0.4488f, 0.4371f, 0.4040f};
    /** BasicSR's {@code img_range}: features are computed on a 0..255 scale. */
    static final float IMG_RANGE = 255f;

    /** PyTorch's {@code kaiming_uniform_(a = sqrt(5))}: uniform on +-1/sqrt(fan_in). */
    static final XavierInitializer PYTORCH_DEFAULT = new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);

    private Edsr() {}

    /**
     * The architecture's hyper-parameters.
     *
     * @param channels feature width C
     * @param blocks residual blocks B
     * @param scale upscaling factor (2, 3 or 4)
     */
    public record Spec(int channels, int blocks, int scale) {

        /** Validates the sizes. */
        public Spec {
            if (channels < 1 || blocks < 1) {
                throw new IllegalArgumentException("EDSR needs at least one channel and one block, got " + channels
                        + " channels and " + blocks + " blocks");
            }
            if (scale != 2 && scale != 3 && scale != 4) {
                throw new IllegalArgumentException("EDSR upscales by 2, 3 or 4, not " + scale);
            }
        }

        /** {@code edsr (16 blocks x 64 channels, x4)}: how result files name the model. */
        public String describe() {
            return "edsr-baseline style (" + blocks + " blocks x " + channels + " channels, x" + scale
                    + ", mean shift, pixel shuffle)";
        }
    }

    /** The network for {@code spec}, built from {@code layers}; input {@code [B, 3, h, w]} in [0, 1]. */
    public static Block build(LayerFactory layers, Spec spec) {
        int c = spec.channels();
        SequentialBlock body = new SequentialBlock();
        for (int i = 0; i < spec.blocks(); i++) {
            Block branch = new SequentialBlock()
                    .add(layers.conv2d(conv(c, LayerRole.BODY).withSignedInput(true)))
                    .add(layers.activation(ActivationKind.RELU, LayerRole.BODY))
                    .add(layers.conv2d(conv(c, LayerRole.BODY)));
            body.add(layers.custom(new ScaledResidualRequest(LayerRole.BODY, i, spec.blocks(), c, branch))
                    .orElseGet(() -> Residual.around(branch)));
        }
        body.add(layers.conv2d(conv(c, LayerRole.UPSAMPLE).withSignedInput(true)));
        SequentialBlock tail = new SequentialBlock();
        int factor = spec.scale() == 3 ? 3 : 2;
        for (int s = spec.scale(); s > 1; s /= factor) {
            tail.add(layers.conv2d(conv(c * factor * factor, LayerRole.UPSAMPLE).withSignedInput(true)))
                    .add(pixelShuffle(factor));
        }
        tail.add(layers.conv2d(conv(3, LayerRole.HEAD).withSignedInput(true)));
        SequentialBlock net = new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(meanShift(x.singletonOrThrow(), -1)), "mean_sub"))
                .add(layers.conv2d(conv(c, LayerRole.STEM).withSignedInput(true)))
                .add(Residual.around(body))
                .add(tail)
                .add(new LambdaBlock(x -> new NDList(meanShift(x.singletonOrThrow(), 1)), "mean_add"));
        // PyTorch's default conv init, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as BasicSR's EDSR has it: on features at
        // the 0..255 scale, the layers' He init (6x the variance) puts the first outputs far outside [0, 1].
        net.setInitializer(PYTORCH_DEFAULT, Parameter.Type.WEIGHT);
        return net;
    }

    /** A 3x3 same-size convolution with bias. */
    private static ConvSpec conv(int out, LayerRole role) {
        return ConvSpec.of(out, 3, role).withPadding(1).withBias(true);
    }

    /** {@code (x - mean) * 255} for {@code direction = -1}; {@code x / 255 + mean} for {@code +1}. */
    private static NDArray meanShift(NDArray x, int direction) {
        NDArray mean = EngineArrays.of(x.getManager(), DIV2K_MEAN, new Shape(1, 3, 1, 1));
        return direction < 0
                ? x.sub(mean).mul(EngineArrays.scalar(x.getManager(), IMG_RANGE))
                : x.div(EngineArrays.scalar(x.getManager(), IMG_RANGE)).add(mean);
    }

    /**
     * PyTorch's {@code PixelShuffle(r)}: {@code [B, C r^2, H, W]} to {@code [B, C, H r, W r]}, input channel
     * {@code c r^2 + i r + j} going to output pixel {@code (h r + i, w r + j)} of channel {@code c}.
     */
    public static Block pixelShuffle(int r) {
        return new LambdaBlock(list -> {
            NDArray x = list.singletonOrThrow();
            Shape s = x.getShape();
            long b = s.get(0);
            long c = s.get(1) / ((long) r * r);
            long h = s.get(2);
            long w = s.get(3);
            return new NDList(x.reshape(b, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r));
        }, "pixel_shuffle");
    }
}
