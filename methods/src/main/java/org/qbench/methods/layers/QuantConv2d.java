package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Optional;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.quant.Quantizer;

/**
 * A 2-D convolution (square kernel, NCHW; stride, padding, dilation, channel groups and an optional bias as its
 * {@link ConvSpec} says) whose weights and input are fake-quantized; the bias stays in full precision (it is
 * added to the 32-bit accumulator on integer hardware). Weights are He-initialised ({@code N(0, 2/fan_in)},
 * fan-in counting one group's channels), the usual choice for ReLU networks; the bias starts at zero.
 */
public final class QuantConv2d extends AbstractQuantizedLayer {

    private final ConvSpec spec;
    private final Parameter bias;

    /**
     * A convolution layer.
     *
     * @param spec the convolution's shape, role and input
     * @param weightQuantizer quantizer for the weights
     * @param inputQuantizer quantizer for the input activations
     */
    public QuantConv2d(ConvSpec spec, Quantizer weightQuantizer, Quantizer inputQuantizer) {
        super(spec.role(), weightQuantizer, inputQuantizer, new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2));
        this.spec = spec;
        // Added after the weight, and only when asked for: layers without a bias keep the parameters (and the
        // initialisation order) they had before biases existed.
        this.bias = spec.bias()
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optInitializer(Initializer.ZEROS).build())
                : null;
    }

    /** The spec the layer was built from. */
    public ConvSpec spec() {
        return spec;
    }

    @Override
    Shape weightShape(Shape input) {
        long channels = input.get(1);
        if (channels % spec.groups() != 0) {
            throw new IllegalArgumentException(
                    "input channels (" + channels + ") must divide by ConvSpec.groups (" + spec.groups() + ")");
        }
        return new Shape(spec.outChannels(), channels / spec.groups(), spec.kernel(), spec.kernel());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        super.prepare(inputShapes);
        if (bias != null) {
            bias.setShape(new Shape(spec.outChannels()));
        }
    }

    @Override
    NDArray apply(ParameterStore parameterStore, NDArray input, NDArray weight, boolean training) {
        NDArray b = bias == null ? null : parameterStore.getValue(bias, input.getDevice(), training);
        return Conv2d.conv2d(input, weight, b, new Shape(spec.stride(), spec.stride()),
                new Shape(spec.padding(), spec.padding()), new Shape(spec.dilation(), spec.dilation()), spec.groups())
                .singletonOrThrow();
    }

    @Override
    public LayerGeometry geometry() {
        return new LayerGeometry(true, spec.kernel(), spec.stride(), spec.padding(), spec.dilation(), spec.groups());
    }

    @Override
    public Optional<NDArray> biasArray() {
        return bias == null ? Optional.empty() : Optional.of(bias.getArray());
    }

    /** Each output value takes one group's input channels times the kernel's taps. */
    @Override
    long macs(Shape input, Shape output) {
        return output.get(1) * output.get(2) * output.get(3) * (input.get(1) / spec.groups()) * spec.kernel()
                * spec.kernel();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(in.get(0), spec.outChannels(), spec.outputSize(in.get(2)), spec.outputSize(in.get(3)))
        };
    }
}
