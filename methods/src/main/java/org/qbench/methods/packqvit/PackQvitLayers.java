package org.qbench.methods.packqvit;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.Optional;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.BlockRequest;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FullPrecisionBlocks;
import org.qbench.methods.Granularity;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.ProductKind;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.ResidualStreamRequest;
import org.qbench.methods.layers.QuantMatMul;
import org.qbench.methods.layers.QuantizedLayerFactory;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.lsqplus.LsqPlusQuantizer;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.methods.quant.Quantizer;

/**
 * PackQViT's layers for one run. Convolutions and linear layers come from {@link QuantizedLayerFactory} (its
 * first/last-layer protocol by role) with PackQViT's quantizers: LSQ weights per output channel, started at one
 * global {@code 2 mean|W| / sqrt(Q_P)}, and zero-point LSQ+ inputs per channel of the last axis
 * ({@link LsqPlusQuantizer.Form#ZERO_POINT}). Attention: {@code q} and {@code k^T} through that quantizer per head,
 * the log2 softmax, and {@code P V} with {@code P} taken as it is (already on the log2 grid) and {@code v} per head.
 * The MLP activation is the options' (GELU or Hardswish) followed by the clip; the residual stream gets the PTF
 * quantizer where the options ask for it.
 */
final class PackQvitLayers implements LayerFactory {

    /** The head axis of the attention tensors {@code [B, H, N, d]} and {@code [B, H, d, N]}. */
    private static final int HEAD_AXIS = 1;
    /** The channel axis of token tensors {@code [B, N, C]}. */
    private static final int LAST_AXIS = -1;
    /** The fewest bits the residual stream gets (see {@link #residualBits}). */
    static final int MIN_RESIDUAL_BITS = 4;
    /** The channel axis of NCHW feature maps. */
    private static final int CONV_CHANNEL_AXIS = 1;

    private final MethodConfig config;
    private final PackQvitOptions options;
    private final QuantizedLayerFactory quantized;

    PackQvitLayers(MethodConfig config) {
        this.config = config;
        this.options = config.optionsOr(PackQvitOptions.class, PackQvitOptions.DEFAULTS);
        this.quantized = new QuantizedLayerFactory(config, new QuantizedLayerFactory.Quantizers() {
            @Override
            public Quantizer weights(int bits) {
                return new LsqQuantizer(new QuantSpec(bits, true, Granularity.PER_CHANNEL, true), true,
                        LsqQuantizer.StepInit.GLOBAL_MEAN_ABS);
            }

            // Signedness is the data's, decided on the first batch: the spec's hint is not needed.
            @Override
            public Quantizer activations(int bits, boolean signed) {
                return activationQuantizer(bits, LAST_AXIS);
            }

            @Override
            public Quantizer convInputs(int bits, boolean signed) {
                return activationQuantizer(bits, CONV_CHANNEL_AXIS);
            }
        });
    }

    /** PackQViT's activation quantizer: zero-point LSQ+, per channel along {@code axis}. */
    static LsqPlusQuantizer activationQuantizer(int bits, int axis) {
        return new LsqPlusQuantizer(bits, axis, LsqPlusQuantizer.Form.ZERO_POINT);
    }

    /** The options this factory was built with. */
    PackQvitOptions options() {
        return options;
    }

    @Override
    public Block conv2d(ConvSpec spec) {
        return quantized.conv2d(spec);
    }

    @Override
    public Block linear(LinearSpec spec) {
        return quantized.linear(spec);
    }

    /**
     * {@code Q K^T}: both operands per head. {@code P V} in attention: {@code P} comes from the log2 softmax already
     * on its grid, so it passes as it is (recorded at the probability width for cost), {@code v} per head.
     */
    @Override
    public Block matMul(ProductKind kind, LayerRole role) {
        int bits = config.activationBitsAt(role);
        if (bits == MethodConfig.FULL_PRECISION_BITS) {
            return LayerFactory.super.matMul(kind, role);
        }
        Quantizer left = kind == ProductKind.CONTEXT && role == LayerRole.ATTENTION
                ? new IdentityQuantizer(QuantMatMul.probabilityBits(bits))
                : activationQuantizer(bits, HEAD_AXIS);
        return new QuantMatMul(kind, role, left, activationQuantizer(bits, HEAD_AXIS));
    }

    /**
     * Attention's softmax is PackQViT's base-2 softmax with the log2 quantizer, at {@link QuantMatMul#probabilityBits}
     * (the code keeps 4 bits below 4); any other softmax stays in full precision.
     */
    @Override
    public Block softmax(int axis, LayerRole role) {
        int bits = config.activationBitsAt(role);
        if (role != LayerRole.ATTENTION || bits == MethodConfig.FULL_PRECISION_BITS) {
            return LayerFactory.super.softmax(axis, role);
        }
        return new Log2Softmax(QuantMatMul.probabilityBits(bits), axis);
    }

    /**
     * The MLP's activation is the method's, whatever the model asks for (the code swapped GELU for Hardswish as part
     * of the method), then clipped to {@code [clipMin, clipMax]} (Q-ViT's clip, kept by PackQViT). Other roles keep
     * the default.
     */
    @Override
    public Block activation(ActivationKind kind, LayerRole role) {
        if (role != LayerRole.MLP || config.activationBitsAt(role) == MethodConfig.FULL_PRECISION_BITS) {
            return LayerFactory.super.activation(kind, role);
        }
        return clippedActivation(options);
    }

    /** The options' activation followed by their clip, as one block. */
    static Block clippedActivation(PackQvitOptions options) {
        double lo = options.clipMin();
        double hi = options.clipMax();
        boolean gelu = options.activationKind() == ActivationKind.GELU;
        String name = options.activation() + "-clip";
        return LambdaBlock.singleton(x -> activate(x, gelu).clip(lo, hi), name);
    }

    private static NDArray activate(NDArray x, boolean gelu) {
        return gelu ? Activation.gelu(x) : FullPrecisionBlocks.hardswish(x);
    }

    /**
     * The residual stream's PTF quantizer at {@link #residualBits}, when the options ask for residual quantization:
     * before every block's MLP LayerNorm, and replacing the stream before the attention half of every block but
     * the first (the first upload's placement). Empty otherwise, and for every other request.
     */
    @Override
    public Optional<Block> custom(BlockRequest request) {
        if (!(request instanceof ResidualStreamRequest r) || !options.residualQuant()) {
            return Optional.empty();
        }
        int bits = config.activationBitsAt(r.role());
        if (bits == MethodConfig.FULL_PRECISION_BITS) {
            return Optional.empty();
        }
        boolean placed = r.role() == LayerRole.MLP || (r.role() == LayerRole.ATTENTION && r.block() >= 1);
        return placed ? Optional.of(new PtfResidualQuantizer(residualBits(bits))) : Optional.empty();
    }

    /**
     * The residual stream's width at a block width: at least {@value #MIN_RESIDUAL_BITS}, as the first upload's
     * {@code LayerNormActQ} (4 bits under 4-bit blocks). The stream carries every block's sum, so a 2-bit stream
     * would starve the whole network; the same floor as the attention probabilities'
     * ({@link QuantMatMul#probabilityBits}).
     */
    static int residualBits(int blockBits) {
        return Math.max(blockBits, MIN_RESIDUAL_BITS);
    }
}
