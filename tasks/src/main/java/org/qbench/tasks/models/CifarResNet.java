package org.qbench.tasks.models;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerPosition;

/**
 * The CIFAR-style ResNet of He et al. (2016, §4.2): a 3x3 stem, three stages of basic blocks at widths w, 2w,
 * 4w (the last two starting with stride 2), global average pooling and a linear classifier. With
 * {@code blocksPerStage = 3} and {@code w = 16} it is ResNet-20; depth = 6n + 2.
 *
 * <p>Shortcuts that change shape are 1x1 convolutions with batch norm ("option B"), quantized like every
 * other hidden convolution. Every convolution input is a ReLU output (unsigned) except the stem's, which is the
 * normalised image (signed).
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

    /** Builds the network from the method's layers. */
    public static Block build(LayerFactory layers, Shape shape) {
        SequentialBlock net = new SequentialBlock();
        int w = shape.width();
        net.add(layers.conv2d(w, 3, 1, 1, LayerPosition.FIRST, true))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
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
                .add(layers.linear(shape.classes(), LayerPosition.LAST, false));
        return net;
    }

    private static Block basicBlock(LayerFactory layers, int width, int stride, boolean projection) {
        SequentialBlock main = new SequentialBlock()
                .add(layers.conv2d(width, 3, stride, 1, LayerPosition.HIDDEN, false))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(layers.conv2d(width, 3, 1, 1, LayerPosition.HIDDEN, false))
                .add(BatchNorm.builder().build());
        Block shortcut = projection
                ? new SequentialBlock()
                        .add(layers.conv2d(width, 1, stride, 0, LayerPosition.HIDDEN, false))
                        .add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        Block sum = new ParallelBlock(
                branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(main, shortcut));
        return new SequentialBlock().add(sum).add(Activation.reluBlock());
    }
}
