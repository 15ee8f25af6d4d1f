package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.quant.Quantizer;

/**
 * A fully connected layer on {@code (N, in)} inputs whose weights and input are fake-quantized; the bias stays
 * in full precision (it is added to the 32-bit accumulator on integer hardware).
 */
public final class QuantLinear extends AbstractBlock implements QuantizedLayer {

    private static final byte VERSION = 1;

    private final int units;
    private final LayerPosition position;
    private final Quantizer weightQuantizer;
    private final Quantizer inputQuantizer;
    private final Parameter weight;
    private final Parameter bias;
    private long macsPerSample;

    /**
     * A fully connected layer.
     *
     * @param units output features
     * @param position where the layer sits
     * @param weightQuantizer quantizer for the weights
     * @param inputQuantizer quantizer for the input activations
     */
    public QuantLinear(int units, LayerPosition position, Quantizer weightQuantizer, Quantizer inputQuantizer) {
        super(VERSION);
        this.units = units;
        this.position = position;
        this.inputQuantizer = addChildBlock("inputQuantizer", inputQuantizer);
        this.weightQuantizer = addChildBlock("weightQuantizer", weightQuantizer);
        this.weight = addParameter(
                Parameter.builder()
                        .setName("weight")
                        .setType(Parameter.Type.WEIGHT)
                        .optInitializer(new XavierInitializer(
                                XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1))
                        .build());
        this.bias = addParameter(
                Parameter.builder()
                        .setName("bias")
                        .setType(Parameter.Type.BIAS)
                        .optInitializer(Initializer.ZEROS)
                        .build());
    }

    private Shape weightShape(Shape input) {
        return new Shape(units, input.get(input.dimension() - 1));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(weightShape(inputShapes[0]));
        bias.setShape(new Shape(units));
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
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        NDArray wq = weightQuantizer.quantize(parameterStore, w, training);
        macsPerSample = w.size();
        return Linear.linear(xq, wq, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(units)};
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
