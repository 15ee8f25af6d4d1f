package org.qbench.tasks.models;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qbench.methods.BinaryBlockRequest;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.binary.BinaryDown;
import org.qbench.methods.binary.BinaryFusion;
import org.qbench.methods.binary.Dabc;
import org.qbench.methods.binary.SpatialShiftVariant;
import org.qbench.methods.brve.BrveShift;
import org.qbench.methods.quant.EngineArrays;

/**
 * BRVE's network ({@code BNNVD} of Zhang et al., CVPR 2024, as released), built from a method's layers so that the
 * same topology trains binarized (BRVE's DABC blocks with 1-bit convolutions), in full precision (its twin) or with
 * a multi-bit quantizer. Input and output are packed raw clips {@code [B, T, 4, H, W]} of {@link Spec#window()}
 * frames (the input amplified by the exposure ratio, in [0, 1]).
 *
 * <ol>
 *   <li>the input is multiplied by a fixed {@code k = 130 C / 64} (BBCU's initial value, kept fixed as released);
 *   <li>feature extraction per frame: a full-precision 3x3 conv 4 -> C, LeakyReLU(0.1), {@link Spec#featureBlocks()}
 *       DABC blocks;
 *   <li>stage 0: {@link Spec#unets()} binary U-Nets per frame, each with a global residual;
 *   <li>stage 1: the shift U-Net over the window's frames: temporal-shift blocks in its first two encoder levels,
 *       DABC blocks below, DABC on every skip connection, spatial-temporal shift blocks (ShiftBlock2: four units of
 *       roll, spatial shift, binary fusion 3C/2 -> C, 5x5 DABC) in the decoder;
 *   <li>fusion of the feature-extraction, stage-0 and stage-1 features (3C -> C, binary fusion);
 *   <li>stage 2: {@link Spec#unets()} binary U-Nets, a full-precision 3x3 conv C -> 4, plus the amplified input,
 *       divided by {@code k}.
 * </ol>
 *
 * <p>Every residual block asks the factory for a {@link BinaryBlockRequest} first (BiBench's operators answer with
 * their block in place of DABC) and otherwise builds a {@link Dabc} around the factory's convolution. Full precision
 * as released: the first and last convolutions (roles STEM, HEAD), every 1x1 skip (SKIP), DACA, biases, RPReLU,
 * interpolation and pooling.
 *
 * <p>Departures from the released code, also listed in result files: stage 1 runs once over the whole window with a
 * cyclic shift across its frames (the released network slides a window of three frames with recurrent embeddings,
 * so a frame passes stage 1 up to three times); the shift U-Net's depth follows {@link Spec#depth()} + 1 and its
 * decoder's shift units {@link Spec#shiftUnits()}; the released configuration is {@link #paper}.
 */
public final class BrveNet {

    /**
     * The architecture's hyper-parameters.
     *
     * @param channels feature width C (24 as released)
     * @param window frames per forward (the network's T)
     * @param featureBlocks DABC blocks after the first conv (3)
     * @param depth levels of the binary U-Nets (3: C, 2C, 4C); the shift U-Net has one more
     * @param unetBlocks DABC blocks per level of the binary U-Nets' encoder and again of their decoder, top level
     *     first (released: 1, 3, 3)
     * @param shiftUnits shift units (roll, spatial shift, fusion, 5x5 DABC) per decoder level of the shift U-Net, from
     *     level 1 down; a ShiftBlock2 is four of them, alternating forward and reverse (released: 12, 8, 8, i.e. 3,
     *     2 and 2 ShiftBlock2)
     * @param unets binary U-Nets per stage (1)
     * @param shift where the shift operation is used
     * @param spatialShift which spatial shift: the paper's grouped dilated one or the released code's
     */
    public record Spec(int channels, int window, int featureBlocks, int depth, List<Integer> unetBlocks,
            List<Integer> shiftUnits, int unets, BrveShift shift, SpatialShiftVariant spatialShift) {

        /** Validates the sizes. */
        public Spec {
            unetBlocks = List.copyOf(unetBlocks);
            shiftUnits = List.copyOf(shiftUnits);
            if (channels < 4 || channels % 4 != 0) {
                throw new IllegalArgumentException("BRVE's width must be a multiple of 4 (its shifts move C/2 channels"
                        + " of halves), got " + channels);
            }
            if (window < 2 || featureBlocks < 0 || depth < 2 || unets < 1) {
                throw new IllegalArgumentException("BRVE needs a window of at least 2 frames, U-Nets of at least 2"
                        + " levels and one U-Net per stage, got window " + window + ", depth " + depth + ", unets "
                        + unets);
            }
            if (unetBlocks.size() != depth || shiftUnits.size() != depth) {
                throw new IllegalArgumentException("BRVE's block counts need one entry per level (" + depth
                        + "), got " + unetBlocks + " and " + shiftUnits);
            }
        }

        /** This spec with another depth, its block counts cut or extended with their last entry. */
        public Spec withDepth(int d) {
            return new Spec(channels, window, featureBlocks, d, resize(unetBlocks, d), resize(shiftUnits, d), unets,
                    shift, spatialShift);
        }

        /** This spec with other ablation choices. */
        public Spec withVariant(int unetCount, BrveShift kind, SpatialShiftVariant variant) {
            return new Spec(channels, window, featureBlocks, depth, unetBlocks, shiftUnits, unetCount, kind, variant);
        }

        /** The fixed input gain {@code k = 130 C / 64} (48.75 for C = 24). */
        public float gain() {
            return 130f * channels / 64f;
        }

        /** How result files name the model. */
        public String describe() {
            return "brve (bnnvd) C " + channels + ", window " + window + ", " + featureBlocks
                    + " feature blocks, binary u-nets " + unets + " x depth " + depth + " blocks " + unetBlocks
                    + ", shift u-net depth " + (depth + 1) + " decoder shift units " + shiftUnits + ", shift "
                    + shift.id()
                    + (shift == BrveShift.SPATIAL_TEMPORAL ? " (" + spatialShift.id() + ")" : "");
        }

        /** The spec as ordered key/value pairs. */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("channels", channels);
            m.put("window", window);
            m.put("feature_blocks", featureBlocks);
            m.put("depth", depth);
            m.put("unet_blocks", unetBlocks);
            m.put("shift_units", shiftUnits);
            m.put("unets", unets);
            m.put("shift", shift.id());
            m.put("spatial_shift", spatialShift.id());
            m.put("input_gain", gain());
            return m;
        }

        private static List<Integer> resize(List<Integer> counts, int d) {
            List<Integer> out = new ArrayList<>(counts.subList(0, Math.min(d, counts.size())));
            while (out.size() < d) {
                out.add(counts.get(counts.size() - 1));
            }
            return out;
        }
    }

    /** The released configuration ({@code BRVE_LLRVD.py}) at a window of {@code window} frames. */
    public static Spec paper(int window) {
        return new Spec(24, window, 3, 3, List.of(1, 3, 3), List.of(12, 8, 8), 1, BrveShift.SPATIAL_TEMPORAL,
                SpatialShiftVariant.PAPER);
    }

    private BrveNet() {}

    /** The network for {@code spec}, built from {@code layers}; input and output {@code [B, T, 4, H, W]}. */
    public static Block build(LayerFactory layers, Spec spec) {
        Builder b = new Builder(layers, spec);
        int c = spec.channels();
        int t = spec.window();
        SequentialBlock features = new SequentialBlock()
                .add(layers.conv2d(conv(c, 3, LayerRole.STEM).withBias(true)))
                .add(VideoUNet.leakyRelu(0.1f));
        for (int i = 0; i < spec.featureBlocks(); i++) {
            features.add(b.residual(c, 3));
        }
        SequentialBlock stage0 = b.unets();
        Block stage1 = b.shiftUNet();
        // concat [features, stage 0, stage 1]: features -> (identity, stage0 -> (identity, stage1))
        Block stages = new SequentialBlock().add(stage0).add(new ParallelBlock(VideoUNet::concatChannels,
                List.of(VideoUNet.identity("identity"), stage1)));
        Block later = new ParallelBlock(VideoUNet::concatChannels, List.of(VideoUNet.identity("identity"), stages));
        SequentialBlock body = new SequentialBlock()
                .add(features)
                .add(later)
                .add(b.fusion(3 * c, c))
                .add(b.unets())
                .add(layers.conv2d(conv(4, 3, LayerRole.HEAD).withBias(true)));
        float k = spec.gain();
        SequentialBlock net = new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(VideoUNet.framesToBatch(x.singletonOrThrow())
                        .mul(EngineArrays.scalar(x.singletonOrThrow().getManager(), k))), "amplify"))
                .add(new ParallelBlock(VideoUNet::sum, List.of(VideoUNet.identity("identity"), body)))
                .add(new LambdaBlock(x -> new NDList(VideoUNet.batchToFrames(x.singletonOrThrow()
                        .div(EngineArrays.scalar(x.singletonOrThrow().getManager(), k)), t)), "restore"));
        net.setInitializer(Edsr.PYTORCH_DEFAULT, Parameter.Type.WEIGHT);
        return net;
    }

    /** A same-size convolution with a signed input (features around zero). */
    static ConvSpec conv(int out, int kernel, LayerRole role) {
        return ConvSpec.of(out, kernel, role).withPadding(kernel / 2).withSignedInput(true);
    }

    /** Builds the network's blocks from one factory and spec. */
    private static final class Builder {
        private final LayerFactory layers;
        private final Spec spec;

        Builder(LayerFactory layers, Spec spec) {
            this.layers = layers;
            this.spec = spec;
        }

        /** A residual binary block of width {@code c}: the method's own, or DABC around its convolution. */
        Block residual(int c, int kernel) {
            Block conv = layers.conv2d(conv(c, kernel, LayerRole.BODY));
            return layers.custom(new BinaryBlockRequest(LayerRole.BODY, c, conv)).orElseGet(() -> new Dabc(c, conv));
        }

        /** Binary fusion {@code in -> out} with its full-precision 1x1 skip. */
        Block fusion(int in, int out) {
            return new BinaryFusion(layers.conv2d(conv(out, 3, LayerRole.BODY)),
                    layers.conv2d(ConvSpec.of(out, 1, LayerRole.SKIP).withBias(true).withSignedInput(true)), in, out);
        }

        /** Binary stride-2 down-sampling {@code in -> out} with its pooled full-precision 1x1 skip. */
        Block down(int in, int out) {
            return new BinaryDown(layers.conv2d(conv(out, 3, LayerRole.BODY).withStride(2).withBias(true)),
                    layers.conv2d(ConvSpec.of(out, 1, LayerRole.SKIP).withBias(true).withSignedInput(true)), in, out);
        }

        /** Bilinear x2, then binary fusion {@code in -> out}. */
        Block up(int in, int out) {
            return new SequentialBlock().add(VideoUNet.bilinearUp()).add(fusion(in, out));
        }

        /** The stage's binary U-Nets in sequence, each with a global residual. */
        SequentialBlock unets() {
            SequentialBlock s = new SequentialBlock();
            for (int u = 0; u < spec.unets(); u++) {
                s.add(new ParallelBlock(VideoUNet::sum, List.of(VideoUNet.identity("identity"), unetLevel(0))));
            }
            return s;
        }

        /** Level {@code i} of a binary U-Net and everything below it. */
        private Block unetLevel(int i) {
            int c = spec.channels() << i;
            int blocks = spec.unetBlocks().get(i);
            SequentialBlock level = new SequentialBlock();
            repeat(level, blocks, () -> residual(c, 3));
            if (i + 1 < spec.depth()) {
                int below = spec.channels() << (i + 1);
                Block inner = new SequentialBlock().add(down(c, below)).add(unetLevel(i + 1)).add(up(below, c));
                level.add(new ParallelBlock(VideoUNet::sum, List.of(residual(c, 3), inner)));
            }
            repeat(level, blocks, () -> residual(c, 3));
            return level;
        }

        /** Stage 1: the shift U-Net over the window's frames. */
        Block shiftUNet() {
            int c = spec.channels();
            SequentialBlock s = new SequentialBlock().add(residual(c, 3));
            Block rest = shiftLevel(1);
            // Level 0: two temporal-shift blocks; its skip is concatenated (not added) before the last fusion.
            SequentialBlock level0 = new SequentialBlock();
            level0.add(temporal(c, true)).add(temporal(c, false));
            Block inner = new SequentialBlock().add(down(c, 2 * c)).add(rest).add(up(2 * c, c));
            level0.add(new ParallelBlock(VideoUNet::concatChannels, List.of(inner, residual(c, 3))));
            level0.add(fusion(2 * c, c)).add(residual(c, 3));
            return s.add(level0);
        }

        /** Level {@code i >= 1} of the shift U-Net (width 2C) and everything below it. */
        private Block shiftLevel(int i) {
            int c = 2 * spec.channels();
            int levels = spec.depth() + 1;
            SequentialBlock level = new SequentialBlock();
            if (i < 2) {
                level.add(temporal(c, true)).add(temporal(c, false));
            } else {
                repeat(level, 2, () -> residual(c, 3));
            }
            if (i + 1 < levels) {
                Block inner = new SequentialBlock().add(down(c, c)).add(shiftLevel(i + 1)).add(up(c, c));
                level.add(new ParallelBlock(VideoUNet::sum, List.of(residual(c, 3), inner)));
            }
            int units = spec.shiftUnits().get(i - 1);
            for (int u = 0; u < units; u++) {
                level.add(decoderUnit(c, u % 2 == 0));
            }
            return level;
        }

        /** An encoder shift block: the cyclic temporal roll (when the spec shifts at all), then a 3x3 block. */
        private Block temporal(int c, boolean forward) {
            SequentialBlock s = new SequentialBlock();
            if (spec.shift() != BrveShift.NONE) {
                s.add(VideoShifts.temporal(c, spec.window(), forward));
            }
            return s.add(residual(c, 3));
        }

        /** A decoder unit: ShiftBlock2's (roll, spatial shift, fusion, 5x5 DABC) or the ablation's simpler one. */
        private Block decoderUnit(int c, boolean forward) {
            if (spec.shift() != BrveShift.SPATIAL_TEMPORAL) {
                return temporal(c, forward);
            }
            return new SequentialBlock()
                    .add(VideoShifts.spatialTemporal(c, spec.window(), forward, spec.spatialShift()))
                    .add(fusion(c + c / 2, c))
                    .add(residual(c, 5));
        }

        private static void repeat(SequentialBlock s, int n, java.util.function.Supplier<Block> block) {
            for (int i = 0; i < n; i++) {
                s.add(block.get());
            }
        }
    }
}
