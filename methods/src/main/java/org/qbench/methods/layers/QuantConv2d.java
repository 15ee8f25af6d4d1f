package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.quant.Quantizer;

/**
 * A 2-D convolution (no bias, square kernel, NCHW) whose weights and input are fake-quantized. Weights are
 * He-initialised ({@code N(0, 2/fan_in)}), the usual choice for ReLU networks.
 */
public final class QuantConv2d extends AbstractQuantizedLayer {

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;

    /**
     * A convolution layer.
     *
     * @param outChannels number of filters
     * @param kernel square kernel size
     * @param stride stride
     * @param padding zero padding
     * @param position where the layer sits
     * @param weightQuantizer quantizer for the weights
     * @param inputQuantizer quantizer for the input activations
     */
    public QuantConv2d(
            int outChannels, int kernel, int stride, int padding, LayerPosition position,
            Quantizer weightQuantizer, Quantizer inputQuantizer) {
        super(position, weightQuantizer, inputQuantizer, new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2));
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    Shape weightShape(Shape input) {
        return new Shape(outChannels, input.get(1), kernel, kernel);
    }

    @Override
    NDArray apply(ParameterStore parameterStore, NDArray input, NDArray weight, boolean training) {
        return Conv2d.conv2d(input, weight, null, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    @Override
    public LayerGeometry geometry() {
        return new LayerGeometry(true, kernel, stride, padding);
    }

    @Override
    long macs(Shape input, Shape output) {
        return output.get(1) * output.get(2) * output.get(3) * input.get(1) * kernel * kernel;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = (in.get(2) + 2L * padding - kernel) / stride + 1;
        long w = (in.get(3) + 2L * padding - kernel) / stride + 1;
        return new Shape[] {new Shape(in.get(0), outChannels, h, w)};
    }
}
