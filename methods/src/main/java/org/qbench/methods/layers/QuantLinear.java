package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Optional;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.quant.Quantizer;

/**
 * A fully connected layer on the last axis of its input whose weights and input are fake-quantized; the bias,
 * when the spec asks for one, stays in full precision (it is added to the 32-bit accumulator on integer
 * hardware).
 */
public final class QuantLinear extends AbstractQuantizedLayer {

    private final LinearSpec spec;
    private final Parameter bias;

    /**
     * A fully connected layer.
     *
     * @param spec the layer's width, bias, role and input
     * @param weightQuantizer quantizer for the weights
     * @param inputQuantizer quantizer for the input activations
     */
    public QuantLinear(LinearSpec spec, Quantizer weightQuantizer, Quantizer inputQuantizer) {
        super(spec.role(), weightQuantizer, inputQuantizer, new XavierInitializer(
                XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1));
        this.spec = spec;
        this.bias = spec.bias()
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optInitializer(Initializer.ZEROS).build())
                : null;
    }

    /** The spec the layer was built from. */
    public LinearSpec spec() {
        return spec;
    }

    @Override
    Shape weightShape(Shape input) {
        return new Shape(spec.units(), input.get(input.dimension() - 1));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        super.prepare(inputShapes);
        if (bias != null) {
            bias.setShape(new Shape(spec.units()));
        }
    }

    @Override
    public LayerGeometry geometry() {
        return LayerGeometry.LINEAR;
    }

    @Override
    public Optional<NDArray> biasArray() {
        return bias == null ? Optional.empty() : Optional.of(bias.getArray());
    }

    @Override
    NDArray apply(ParameterStore parameterStore, NDArray input, NDArray weight, boolean training) {
        NDArray b = bias == null ? null : parameterStore.getValue(bias, input.getDevice(), training);
        return Linear.linear(input, weight, b).singletonOrThrow();
    }

    /** Per sample: one product per input feature and unit, for every token of an {@code (N, T, F)} input. */
    @Override
    long macs(Shape input, Shape output) {
        return input.size() / input.get(0) * spec.units();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(spec.units())};
    }
}
