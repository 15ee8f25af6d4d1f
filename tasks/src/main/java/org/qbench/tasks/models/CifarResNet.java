package org.qbench.tasks.models;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.NormKind;

/**
 * The CIFAR-style ResNet of He et al. (2016, §4.2): a 3x3 stem, three stages of basic blocks at widths w, 2w,
 * 4w (the last two starting with stride 2), global average pooling and a linear classifier. With
 * {@code blocksPerStage = 3} and {@code w = 16} it is ResNet-20; depth = 6n + 2.
 *
 * <p>Shortcuts that change shape are 1x1 convolutions with batch norm ("option B"), quantized like every
 * other hidden convolution. Every convolution input is a ReLU output (unsigned) except the stem's, which is the
 * normalised image (signed, on the images' integer grid). Batch norms and ReLUs come from the factory's
 * full-precision hooks, which give the same blocks (and parameter names) as adding DJL's own.
 */
public final class CifarResNet {

    private CifarResNet() {}

    /**
     * The architecture's hyper-parameters.
     *
     * @param blocksPerStage basic blocks per stage (n; depth = 6n + 2)
     * @param width channels of the first stage (w)
     * @param classes number of output classes
     */
    public record Shape(int blocksPerStage, int width, int classes) {
        /** The depth in weighted layers, 6n + 2. */
        public int depth() {
            return 6 * blocksPerStage + 2;
        }
    }

    /** Bit depth of the images of every classification data set here (uint8 pixels). */
    public static final int IMAGE_BITS = 8;

    /** Builds the network from the method's layers, for {@value #IMAGE_BITS}-bit images. */
    public static Block build(LayerFactory layers, Shape shape) {
        return build(layers, shape, IMAGE_BITS);
    }

    /**
     * Builds the network from the method's layers.
     *
     * @param imageBits the bit depth of the input images, whose normalisation is an exact affine map of them
     */
    public static Block build(LayerFactory layers, Shape shape, int imageBits) {
        SequentialBlock net = new SequentialBlock();
        int w = shape.width();
        net.add(layers.conv2d(ConvSpec.of(w, 3, LayerRole.STEM).withPadding(1).withSignedInput(true)
                        .withInputBits(imageBits)))
                .add(layers.norm(NormKind.BATCH, LayerRole.STEM))
                .add(layers.activation(ActivationKind.RELU, LayerRole.STEM));
        int in = w;
        for (int stage = 0; stage < 3; stage++) {
            int width = w << stage;
            for (int b = 0; b < shape.blocksPerStage(); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(basicBlock(layers, width, stride, stride != 1 || in != width));
                in = width;
            }
        }
        net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(layers.linear(LinearSpec.of(shape.classes(), LayerRole.HEAD)));
        return net;
    }

    private static Block basicBlock(LayerFactory layers, int width, int stride, boolean projection) {
        SequentialBlock main = new SequentialBlock()
                .add(layers.conv2d(ConvSpec.of(width, 3, LayerRole.BODY).withStride(stride).withPadding(1)))
                .add(layers.norm(NormKind.BATCH, LayerRole.BODY))
                .add(layers.activation(ActivationKind.RELU, LayerRole.BODY))
                .add(layers.conv2d(ConvSpec.of(width, 3, LayerRole.BODY).withPadding(1)))
                .add(layers.norm(NormKind.BATCH, LayerRole.BODY));
        Block shortcut = projection
                ? new SequentialBlock()
                        .add(layers.conv2d(ConvSpec.of(width, 1, LayerRole.SKIP).withStride(stride)))
                        .add(layers.norm(NormKind.BATCH, LayerRole.SKIP))
                : Blocks.identityBlock();
        return new SequentialBlock().add(Residual.sum(main, shortcut)).add(layers.activation(ActivationKind.RELU, LayerRole.BODY));
    }
}
