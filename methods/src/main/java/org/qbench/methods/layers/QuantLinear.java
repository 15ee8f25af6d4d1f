package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.quant.Quantizer;

/**
 * A fully connected layer on {@code (N, in)} inputs whose weights and input are fake-quantized; the bias stays
 * in full precision (it is added to the 32-bit accumulator on integer hardware).
 */
public final class QuantLinear extends AbstractQuantizedLayer {

    private final int units;
    private final Parameter bias;

    /**
     * A fully connected layer.
     *
     * @param units output features
     * @param position where the layer sits
     * @param weightQuantizer quantizer for the weights
     * @param inputQuantizer quantizer for the input activations
     */
    public QuantLinear(int units, LayerPosition position, Quantizer weightQuantizer, Quantizer inputQuantizer) {
        super(position, weightQuantizer, inputQuantizer, new XavierInitializer(
                XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1));
        this.units = units;
        this.bias = addParameter(
                Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optInitializer(Initializer.ZEROS).build());
    }

    @Override
    Shape weightShape(Shape input) {
        return new Shape(units, input.get(input.dimension() - 1));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        super.prepare(inputShapes);
        bias.setShape(new Shape(units));
    }

    @Override
    public LayerGeometry geometry() {
        return LayerGeometry.LINEAR;
    }

    @Override
    public java.util.Optional<NDArray> biasArray() {
        return java.util.Optional.of(bias.getArray());
    }

    @Override
    NDArray apply(ParameterStore parameterStore, NDArray input, NDArray weight, boolean training) {
        return Linear.linear(input, weight, parameterStore.getValue(bias, input.getDevice(), training)).singletonOrThrow();
    }

    @Override
    long macs(Shape input, Shape output) {
        return input.get(input.dimension() - 1) * units;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(units)};
    }
}
