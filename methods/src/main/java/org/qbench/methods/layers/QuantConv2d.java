package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.quant.Quantizer;

/**
 * A 2-D convolution (no bias, square kernel, NCHW) whose weights and input are fake-quantized. Weights are
 * He-initialised ({@code N(0, 2/fan_in)}), the usual choice for ReLU networks.
 */
public final class QuantConv2d extends AbstractBlock implements QuantizedLayer {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final LayerPosition position;
    private final Quantizer weightQuantizer;
    private final Quantizer inputQuantizer;
    private final Parameter weight;
    private long macsPerSample;

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
            int outChannels,
            int kernel,
            int stride,
            int padding,
            LayerPosition position,
            Quantizer weightQuantizer,
            Quantizer inputQuantizer) {
        super(VERSION);
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.position = position;
        this.inputQuantizer = addChildBlock("inputQuantizer", inputQuantizer);
        this.weightQuantizer = addChildBlock("weightQuantizer", weightQuantizer);
        this.weight = addParameter(
                Parameter.builder()
                        .setName("weight")
                        .setType(Parameter.Type.WEIGHT)
                        .optInitializer(new XavierInitializer(
                                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2))
                        .build());
    }

    private Shape weightShape(Shape input) {
        return new Shape(outChannels, input.get(1), kernel, kernel);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(weightShape(inputShapes[0]));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inputQuantizer.initialize(manager, dataType, inputShapes[0]);
        weightQuantizer.initialize(manager, dataType, weightShape(inputShapes[0]));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray xq = inputQuantizer.quantize(parameterStore, x, training);
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray wq = weightQuantizer.quantize(parameterStore, w, training);
        NDList out = Conv2d.conv2d(
                xq, wq, null, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1);
        Shape o = out.singletonOrThrow().getShape();
        macsPerSample = o.get(1) * o.get(2) * o.get(3) * x.getShape().get(1) * kernel * kernel;
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = (in.get(2) + 2L * padding - kernel) / stride + 1;
        long w = (in.get(3) + 2L * padding - kernel) / stride + 1;
        return new Shape[] {new Shape(in.get(0), outChannels, h, w)};
    }

    @Override
    public LayerPosition position() {
        return position;
    }

    @Override
    public Quantizer weightQuantizer() {
        return weightQuantizer;
    }

    @Override
    public Quantizer inputQuantizer() {
        return inputQuantizer;
    }

    @Override
    public long weightCount() {
        return weight.getArray().size();
    }

    @Override
    public long macsPerSample() {
        return macsPerSample;
    }
}
