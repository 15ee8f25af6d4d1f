package org.qbench.methods.dorefa;

import java.util.List;
import java.util.Set;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantizedLayerFactory;
import org.qbench.methods.quant.Quantizer;

/** DoReFa as a method: tanh-normalised weights and fixed-range [0, 1] activations, straight-through rounds. */
public final class DorefaMethod implements QuantMethod {

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
                    throw new IllegalArgumentException("DoReFa quantizes activations on [0, 1] and cannot take the "
                            + "signed image at " + bits + " bits; use --first-last 8bit or fp32");
                }
                return new DorefaActivationQuantizer(bits);
            }
        });
    }
}
