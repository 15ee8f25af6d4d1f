package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * BRVE's binary fusion block ({@code BinaryConv2dSkip1x1}, framework figure panel (d)), which changes the channel
 * count: {@code y = RPReLU(conv(x + beta)) + skip(x)}, no DACA. The caller builds {@code conv} (binary for BRVE,
 * {@code in -> out}, same spatial size) and {@code skip} (a full-precision 1x1 conv with bias, as released) from the
 * run's layer factory.
 */
public final class BinaryFusion extends SkipBinaryBlock {

    /**
     * A fusion block.
     *
     * @param conv the main conv, {@code in -> out} channels, same spatial size, not yet initialised
     * @param skip1x1 the shortcut conv, {@code in -> out} channels, not yet initialised
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     */
    public BinaryFusion(Block conv, Block skip1x1, int inChannels, int outChannels) {
        super(conv, skip1x1, inChannels, outChannels);
    }

    @Override
    NDArray shortcutInput(NDArray x) {
        return x;
    }

    @Override
    Shape shortcutShape(Shape in) {
        return in;
    }
}
