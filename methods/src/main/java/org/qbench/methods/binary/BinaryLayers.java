package org.qbench.methods.binary;

import ai.djl.nn.Block;
import java.util.Optional;
import org.qbench.methods.BinaryBlockRequest;
import org.qbench.methods.BlockRequest;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.layers.QuantizedLayerFactory;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.Quantizer;

/**
 * The layer factory of the 1-bit methods: hidden layers ({@link LayerRole#BODY}, and attention/MLP layers should a
 * network have them) get the operator's {@link BinaryWeightQuantizer} and {@link BinaryActivationQuantizer}; the
 * {@link LayerRole#STEM}, {@link LayerRole#HEAD}, {@link LayerRole#UPSAMPLE} and {@link LayerRole#SKIP} layers stay
 * in full precision, as in BRVE's released network (first and last conv and every 1x1 shortcut in float). Products
 * of two activations, activations and norms keep their full-precision defaults. It answers a
 * {@link BinaryBlockRequest} with the plain block ({@code new Dabc(channels, conv, false)}) when told to, empty
 * otherwise.
 */
public final class BinaryLayers implements LayerFactory {

    private final BinaryOperator op;
    private final boolean plainBlocks;
    private final QuantizedLayerFactory layers;

    /**
     * A factory for one run.
     *
     * @param op the operator of the hidden layers
     * @param plainBlocks whether to answer {@link BinaryBlockRequest}s with the plain block (no DACA)
     */
    public BinaryLayers(BinaryOperator op, boolean plainBlocks) {
        this.op = op;
        this.plainBlocks = plainBlocks;
        // Hidden roles at 1 bit; the first/last roles in float whatever the run's protocol (the methods' check
        // refuses any other protocol), so the shared factory's role rules apply unchanged.
        MethodConfig binary = new MethodConfig(1, FirstLastPrecision.FP32);
        this.layers = new QuantizedLayerFactory(binary, new QuantizedLayerFactory.Quantizers() {
            @Override
            public Quantizer weights(int bits) {
                return new BinaryWeightQuantizer(op);
            }

            @Override
            public Quantizer activations(int bits, boolean signed) {
                return new BinaryActivationQuantizer(op);
            }
        });
    }

    /**
     * The checks every 1-bit method adds to {@link org.qbench.methods.QuantMethod#check}: the first and last layers
     * stay in float, so the run's protocol must say so.
     *
     * @throws IllegalArgumentException in one line naming the method and the protocol
     */
    public static void requireFloatFirstLast(String method, MethodConfig config) {
        if (config.firstLast() != FirstLastPrecision.FP32) {
            throw new IllegalArgumentException("method '" + method + "' keeps the first and last layers in full "
                    + "precision, as BRVE's released network; use --first-last fp32, not " + config.firstLast().id());
        }
    }

    /** The operator of the hidden layers. */
    public BinaryOperator operator() {
        return op;
    }

    @Override
    public Block conv2d(ConvSpec spec) {
        return spec.role() == LayerRole.SKIP ? FULL_PRECISION.conv2d(spec) : layers.conv2d(spec);
    }

    @Override
    public Block linear(LinearSpec spec) {
        return spec.role() == LayerRole.SKIP ? FULL_PRECISION.linear(spec) : layers.linear(spec);
    }

    @Override
    public Optional<Block> custom(BlockRequest request) {
        if (plainBlocks && request instanceof BinaryBlockRequest r) {
            return Optional.of(new Dabc(r.channels(), r.conv(), false));
        }
        return Optional.empty();
    }

    /** Float layers with identity quantizers, the same layer types (and cost rows) as the binary ones. */
    private static final QuantizedLayerFactory FULL_PRECISION = new QuantizedLayerFactory(
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
