package org.qbench.methods.pact;

import java.util.List;
import org.qbench.methods.dorefa.DorefaWeightQuantizer;
import org.qbench.methods.layers.CnnQatMethod;
import org.qbench.methods.quant.Quantizer;

/** PACT as a method: learnable activation clip, DoReFa-style weights. */
public final class PactMethod extends CnnQatMethod {

    @Override
    public String id() {
        return "pact";
    }

    @Override
    public String description() {
        return "PACT: learnable activation clip alpha, DoReFa weights (Choi et al., 2018)";
    }

    @Override
    public String paper() {
        return "Choi et al., PACT: Parameterized Clipping Activation for Quantized Neural Networks, arXiv:1805.06085, 2018";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "alpha learns at the recipe's quantizer_lr_scale x the weights' rate; its L2 decay is the recipe's "
                        + "weight decay (the paper tunes a separate alpha decay)");
    }

    @Override
    public Quantizer weights(int bits) {
        return new DorefaWeightQuantizer(bits);
    }

    @Override
    public Quantizer activations(int bits, boolean signed) {
        requireUnsigned(signed, bits);
        return new PactActivationQuantizer(bits);
    }
}
