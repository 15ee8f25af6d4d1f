package org.qbench.methods.layers;

import ai.djl.nn.Block;
import java.util.Set;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.Quantizer;

/**
 * The layer factory of super-resolution methods whose papers quantize the residual body only (QuantSR, PAMS): the
 * {@link LayerRole#BODY} convolutions at the run's widths with the method's quantizers, the {@link LayerRole#STEM} and
 * {@link LayerRole#HEAD} layers as the run's first/last-layer protocol says (its {@code fp32} setting reproduces the
 * papers, whose head and tail stay in full precision), and every other role (the upsampler, a shortcut projection) in
 * full precision whatever the widths, as both papers' code keeps the upsampler. Full-precision layers are the same
 * {@link QuantConv2d}/{@link QuantLinear} with identity quantizers, as the fp32 baseline's. The other hooks keep their
 * full-precision defaults.
 */
public final class BodyQuantizedLayerFactory implements LayerFactory {

    /** The roles that follow the run's widths (and, for STEM and HEAD, its protocol); the rest stay full precision. */
    public static final Set<LayerRole> QUANTIZED_ROLES = Set.of(LayerRole.BODY, LayerRole.STEM, LayerRole.HEAD);

    private final QuantizedLayerFactory quantized;
    private final QuantizedLayerFactory fullPrecision;

    /**
     * A factory for one run.
     *
     * @param config the run's widths and first/last-layer protocol
     * @param quantizers the method's quantizers
     */
    public BodyQuantizedLayerFactory(MethodConfig config, QuantizedLayerFactory.Quantizers quantizers) {
        this.quantized = new QuantizedLayerFactory(config, quantizers);
        this.fullPrecision = new QuantizedLayerFactory(
                new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.FP32),
                new QuantizedLayerFactory.Quantizers() {
                    @Override
                    public Quantizer weights(int bits) {
                        return new IdentityQuantizer();
                    }

                    @Override
                    public Quantizer activations(int bits, boolean signed) {
                        return new IdentityQuantizer();
                    }
                });
    }

    @Override
    public Block conv2d(ConvSpec spec) {
        return QUANTIZED_ROLES.contains(spec.role()) ? quantized.conv2d(spec) : fullPrecision.conv2d(spec);
    }

    @Override
    public Block linear(LinearSpec spec) {
        return QUANTIZED_ROLES.contains(spec.role()) ? quantized.linear(spec) : fullPrecision.linear(spec);
    }
}
