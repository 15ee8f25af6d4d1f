package org.qbench.methods.dorefa;

import java.util.List;
import org.qbench.methods.layers.CnnQatMethod;
import org.qbench.methods.quant.Quantizer;

/** DoReFa as a method: tanh-normalised weights and fixed-range [0, 1] activations, straight-through rounds. */
public final class DorefaMethod extends CnnQatMethod {

    @Override
    public String id() {
        return "dorefa";
    }

    @Override
    public String description() {
        return "DoReFa: tanh-normalised weights, activations clipped to [0,1] (Zhou et al., 2016)";
    }

    @Override
    public String paper() {
        return "Zhou et al., DoReFa-Net: Training Low Bitwidth Convolutional Neural Networks with Low Bitwidth "
                + "Gradients, arXiv:1606.06160, 2016";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "gradients are not quantized (the usual QAT baseline; the paper also quantizes them)",
                "max|tanh(w)| is a constant in the backward pass (the paper does not say)");
    }

    @Override
    public Quantizer weights(int bits) {
        return new DorefaWeightQuantizer(bits);
    }

    @Override
    public Quantizer activations(int bits, boolean signed) {
        requireUnsigned(signed, bits);
        return new DorefaActivationQuantizer(bits);
    }
}
