package org.qbench.methods.pact;

import java.util.List;
import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.dorefa.DorefaWeightQuantizer;
import org.qbench.methods.layers.QuantizedLayerFactory;
import org.qbench.methods.quant.Quantizer;

/** PACT as a method: learnable activation clip, DoReFa-style weights. */
public final class PactMethod implements QuantMethod {

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
    public Set<Integer> supportedBits() {
        return Set.of(2, 3, 4, 8);
    }

    @Override
    public Set<TaskKind> supportedTasks() {
        return Set.of(TaskKind.CNN_CLASSIFICATION);
    }

    @Override
    public LayerFactory layers(MethodConfig config) {
        return new QuantizedLayerFactory(config, new QuantizedLayerFactory.Quantizers() {
            @Override
            public Quantizer weights(int bits) {
                return new DorefaWeightQuantizer(bits);
            }

            @Override
            public Quantizer activations(int bits, boolean signed) {
                if (signed) {
                    throw new IllegalArgumentException("PACT clips activations to [0, alpha] and cannot take the signed "
                            + "image at " + bits + " bits; use --first-last 8bit or fp32");
                }
                return new PactActivationQuantizer(bits);
            }
        });
    }
}
