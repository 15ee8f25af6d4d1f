package org.qbench.methods.quantsr;

import ai.djl.nn.Block;
import java.util.Optional;
import org.qbench.methods.BlockRequest;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.ScaledResidualRequest;
import org.qbench.methods.SubNetworks;
import org.qbench.methods.layers.QuantizedLayerFactory;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.quant.Quantizer;

/**
 * QuantSR's layers for one model: the body convolutions' weights and inputs through {@link RlqQuantizer} (or LSQ for
 * the "DQA only" ablation), with the head, the tail (conv after the body, upsampler) and the output conv at the run's
 * first/last protocol (full precision, as in the code, under {@code fp32}); residual blocks answered with {@link DqaResidual}, all
 * registered with this factory's one {@link DepthSchedule}, which {@link #subNetworks()} returns (when DQA is on).
 */
final class QuantsrLayers implements LayerFactory {

    /** The channel axis of NCHW feature maps. */
    private static final int CONV_CHANNEL_AXIS = 1;
    /** The channel axis of token tensors. */
    private static final int LAST_AXIS = -1;

    private final QuantsrOptions options;
    private final QuantizedLayerFactory layers;
    private final DepthSchedule schedule;

    QuantsrLayers(MethodConfig config) {
        this.options = config.optionsOr(QuantsrOptions.class, QuantsrOptions.DEFAULTS);
        this.layers = new QuantizedLayerFactory(config, quantizers(options));
        this.schedule = options.dqa() ? new DepthSchedule(options.dqaSwitch(), options.evalVersion()) : null;
    }

    /** RLQ for weights and inputs, or LSQ (straight-through, no shift, the spec's signedness) without RLQ. */
    static QuantizedLayerFactory.Quantizers quantizers(QuantsrOptions options) {
        double k = options.tanhK();
        boolean rlq = options.rlq();
        return new QuantizedLayerFactory.Quantizers() {
            @Override
            public Quantizer weights(int bits) {
                return rlq ? RlqQuantizer.forWeights(bits, k) : new LsqQuantizer(QuantSpec.perTensor(bits, true));
            }

            @Override
            public Quantizer activations(int bits, boolean signed) {
                return rlq ? RlqQuantizer.forActivations(bits, LAST_AXIS, k)
                        : new LsqQuantizer(QuantSpec.perTensor(bits, signed));
            }

            @Override
            public Quantizer convInputs(int bits, boolean signed) {
                return rlq ? RlqQuantizer.forActivations(bits, CONV_CHANNEL_AXIS, k)
                        : new LsqQuantizer(QuantSpec.perTensor(bits, signed));
            }
        };
    }

    /** The options this factory was built with. */
    QuantsrOptions options() {
        return options;
    }

    @Override
    public Block conv2d(ConvSpec spec) {
        return layers.conv2d(spec);
    }

    @Override
    public Block linear(LinearSpec spec) {
        return layers.linear(spec);
    }

    /** DQA's block for every residual-block request when DQA is on; empty otherwise (the model's plain block). */
    @Override
    public Optional<Block> custom(BlockRequest request) {
        if (schedule == null || !(request instanceof ScaledResidualRequest r)) {
            return Optional.empty();
        }
        DqaResidual block = new DqaResidual(r.index(), r.body());
        schedule.register(block);
        return Optional.of(block);
    }

    /** The depth schedule, when DQA is on. */
    @Override
    public Optional<SubNetworks> subNetworks() {
        return Optional.ofNullable(schedule);
    }
}
