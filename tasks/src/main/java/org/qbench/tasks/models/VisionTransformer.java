package org.qbench.tasks.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.NormKind;
import org.qbench.methods.ProductKind;
import org.qbench.methods.ResidualStreamRequest;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.StraightThrough;

/**
 * A DeiT-style vision transformer (Touvron et al., ICML 2021) built only from a method's {@link LayerFactory}: a
 * patch embedding (a {@code patch x patch} convolution with bias, stride {@code patch}), a class token and a
 * distillation token, learned position embeddings, {@code depth} pre-norm blocks of multi-head self-attention and
 * an MLP, a final LayerNorm and two linear heads (class and distillation token).
 *
 * <p>The attention follows Q-ViT and PackQViT: q and k each pass a LayerNorm over the head dimension before their
 * product, then the {@code 1/sqrt(d)} scale; the two activation products ({@code Q K^T}, {@code attn V}) and the
 * softmax are the factory's hooks, so a method changes them (PackQViT's log2 softmax) without the model knowing.
 * Roles: the patch embedding is {@link LayerRole#STEM}, the heads {@link LayerRole#HEAD} (the first/last-layer
 * protocol), the attention projections {@link LayerRole#ATTENTION}, the MLP {@link LayerRole#MLP}.
 *
 * <p>Residual links: where a method answers a {@link ResidualStreamRequest}, its block quantizes the stream
 * entering each attention half (replacing it) and the input of each MLP half's LayerNorm.
 *
 * <p>Training-mode forward returns both heads' logits (class token first) for the distillation loss; inference
 * returns their average, as DeiT does.
 */
public final class VisionTransformer {

    private VisionTransformer() {}

    /**
     * The architecture's hyper-parameters.
     *
     * @param channels image channels
     * @param imageSize image side (square images)
     * @param patch patch side; must divide {@code imageSize}
     * @param dim embedding width
     * @param depth number of transformer blocks
     * @param heads attention heads; must divide {@code dim}
     * @param mlpRatio the MLP's hidden width over {@code dim}
     * @param classes output classes
     * @param imageBits the bit depth of the input pixels (8 for uint8 images), for the stem's input quantizer
     * @param activation the MLP's activation function
     */
    public record Spec(int channels, int imageSize, int patch, int dim, int depth, int heads, int mlpRatio, int classes,
            int imageBits, ActivationKind activation) {

        /** Validates the divisibility the model needs. */
        public Spec {
            if (patch < 1 || imageSize % patch != 0) {
                throw new IllegalArgumentException("patch " + patch + " must divide the image size " + imageSize);
            }
            if (heads < 1 || dim % heads != 0) {
                throw new IllegalArgumentException(heads + " heads must divide the width " + dim);
            }
            if (depth < 1 || mlpRatio < 1 || classes < 2 || channels < 1) {
                throw new IllegalArgumentException("depth, mlp ratio, channels >= 1 and classes >= 2 are required");
            }
        }

        /** Patches per image. */
        public int patches() {
            return (imageSize / patch) * (imageSize / patch);
        }

        /** Tokens per image: the patches, the class token and the distillation token. */
        public int tokens() {
            return patches() + 2;
        }

        /** Width of one head. */
        public int headDim() {
            return dim / heads;
        }
    }

    /** Builds the network from the method's layers. */
    public static Block build(LayerFactory layers, Spec shape) {
        SequentialBlock net = new SequentialBlock().add(new Embedding(layers, shape));
        for (int b = 0; b < shape.depth(); b++) {
            // A method that quantizes residual links replaces the stream entering attention (skip and branch both
            // see it) and quantizes only the MLP's LayerNorm input (the skip keeps the stream): PackQViT's placement.
            layers.custom(new ResidualStreamRequest(LayerRole.ATTENTION, b, shape.dim())).ifPresent(net::add);
            net.add(Residual.around(new SequentialBlock()
                    .add(layers.norm(NormKind.LAYER, LayerRole.ATTENTION))
                    .add(new Attention(layers, shape))));
            SequentialBlock mlp = new SequentialBlock();
            layers.custom(new ResidualStreamRequest(LayerRole.MLP, b, shape.dim())).ifPresent(mlp::add);
            net.add(Residual.around(mlp
                    .add(layers.norm(NormKind.LAYER, LayerRole.MLP))
                    .add(layers.linear(LinearSpec.of(shape.dim() * shape.mlpRatio(), LayerRole.MLP).withSignedInput(true)))
                    .add(layers.activation(shape.activation(), LayerRole.MLP))
                    .add(layers.linear(LinearSpec.of(shape.dim(), LayerRole.MLP).withSignedInput(true)))));
        }
        net.add(layers.norm(NormKind.LAYER, LayerRole.HEAD));
        net.add(new Heads(layers, shape));
        return net;
    }

    /** Patch embedding, class and distillation tokens, position embedding: image to [B, tokens, dim]. */
    static final class Embedding extends AbstractBlock {
        private final Spec shape;
        private final Block patches;
        private final Parameter cls;
        private final Parameter dist;
        private final Parameter position;

        Embedding(LayerFactory layers, Spec shape) {
            this.shape = shape;
            // The normalised image is signed; its pixels are on an imageBits grid before normalisation.
            this.patches = addChildBlock("patches", layers.conv2d(ConvSpec.of(shape.dim(), shape.patch(), LayerRole.STEM)
                    .withStride(shape.patch()).withBias(true).withSignedInput(true).withInputBits(shape.imageBits())));
            this.cls = addParameter(token("cls", new Shape(1, 1, shape.dim())));
            this.dist = addParameter(token("dist", new Shape(1, 1, shape.dim())));
            this.position = addParameter(token("position", new Shape(1, shape.tokens(), shape.dim())));
        }

        /** A learned token table, initialised N(0, 0.02^2) as DeiT's truncated normal (without the truncation). */
        private static Parameter token(String name, Shape s) {
            return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                    .optInitializer(new NormalInitializer(0.02f)).optShape(s).build();
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = patches.forward(ps, inputs, training).singletonOrThrow(); // [B, dim, h, w]
            long batch = x.getShape().get(0);
            NDArray tokens = x.reshape(batch, shape.dim(), shape.patches()).transpose(0, 2, 1); // [B, N, dim]
            Shape one = new Shape(batch, 1, shape.dim());
            // Parameters seen from the batch: DJL attaches an op's result to its first operand's manager, and the
            // concatenation would otherwise put the whole forward in the model's manager (gigabytes per epoch).
            NDArray c = StraightThrough.inBatch(x, ps.getValue(cls, x.getDevice(), training)).broadcast(one);
            NDArray d = StraightThrough.inBatch(x, ps.getValue(dist, x.getDevice(), training)).broadcast(one);
            NDArray all = NDArrays.concat(new NDList(c, d, tokens), 1);
            return new NDList(all.add(StraightThrough.inBatch(x, ps.getValue(position, x.getDevice(), training))));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), shape.tokens(), shape.dim())};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            patches.initialize(manager, dataType, inputShapes);
        }
    }

    /** Multi-head self-attention with q/k LayerNorm: [B, N, dim] to [B, N, dim]. */
    static final class Attention extends AbstractBlock {
        private final Spec shape;
        private final Block qkv;
        private final Block qNorm;
        private final Block kNorm;
        private final Block scores;
        private final Block softmax;
        private final Block context;
        private final Block projection;

        Attention(LayerFactory layers, Spec shape) {
            this.shape = shape;
            this.qkv = addChildBlock("qkv", layers.linear(LinearSpec.of(3 * shape.dim(), LayerRole.ATTENTION).withSignedInput(true)));
            this.qNorm = addChildBlock("qNorm", layers.norm(NormKind.LAYER, LayerRole.ATTENTION));
            this.kNorm = addChildBlock("kNorm", layers.norm(NormKind.LAYER, LayerRole.ATTENTION));
            this.scores = addChildBlock("scores", layers.matMul(ProductKind.SCORES, LayerRole.ATTENTION));
            this.softmax = addChildBlock("softmax", layers.softmax(-1, LayerRole.ATTENTION));
            this.context = addChildBlock("context", layers.matMul(ProductKind.CONTEXT, LayerRole.ATTENTION));
            this.projection = addChildBlock("projection",
                    layers.linear(LinearSpec.of(shape.dim(), LayerRole.ATTENTION).withSignedInput(true)));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            long b = x.getShape().get(0);
            long n = x.getShape().get(1);
            int h = shape.heads();
            int d = shape.headDim();
            // [B, N, 3 dim] -> [3, B, heads, N, d]
            NDArray qkvOut = qkv.forward(ps, inputs, training).singletonOrThrow().reshape(b, n, 3, h, d).transpose(2, 0, 3, 1, 4);
            NDArray q = qNorm.forward(ps, new NDList(qkvOut.get(new NDIndex("0"))), training).singletonOrThrow();
            NDArray k = kNorm.forward(ps, new NDList(qkvOut.get(new NDIndex("1"))), training).singletonOrThrow();
            NDArray v = qkvOut.get(new NDIndex("2"));
            NDArray logits = scores.forward(ps, new NDList(q, k.transpose(0, 1, 3, 2)), training).singletonOrThrow()
                    .mul(EngineArrays.scalar(x.getManager(), (float) (1.0 / Math.sqrt(d))));
            NDArray attention = softmax.forward(ps, new NDList(logits), training).singletonOrThrow();
            NDArray out = context.forward(ps, new NDList(attention, v), training).singletonOrThrow() // [B, heads, N, d]
                    .transpose(0, 2, 1, 3).reshape(b, n, shape.dim());
            return projection.forward(ps, new NDList(out), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            Shape perHead = new Shape(in.get(0), shape.heads(), in.get(1), shape.headDim());
            Shape keysT = new Shape(in.get(0), shape.heads(), shape.headDim(), in.get(1));
            Shape probabilities = new Shape(in.get(0), shape.heads(), in.get(1), in.get(1));
            qkv.initialize(manager, dataType, in);
            qNorm.initialize(manager, dataType, perHead);
            kNorm.initialize(manager, dataType, perHead);
            // Products and softmax have parameters under some methods (their operands' quantizers).
            scores.initialize(manager, dataType, perHead, keysT);
            softmax.initialize(manager, dataType, probabilities);
            context.initialize(manager, dataType, probabilities, perHead);
            projection.initialize(manager, dataType, in);
        }
    }

    /** The class and distillation heads: both logits in training, their average in inference. */
    static final class Heads extends AbstractBlock {
        private final Spec shape;
        private final Block classHead;
        private final Block distillationHead;

        Heads(LayerFactory layers, Spec shape) {
            this.shape = shape;
            this.classHead = addChildBlock("classHead", layers.linear(LinearSpec.of(shape.classes(), LayerRole.HEAD).withSignedInput(true)));
            this.distillationHead = addChildBlock("distillationHead",
                    layers.linear(LinearSpec.of(shape.classes(), LayerRole.HEAD).withSignedInput(true)));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray c = classHead.forward(ps, new NDList(x.get(new NDIndex(":, 0, :"))), training).singletonOrThrow();
            NDArray d = distillationHead.forward(ps, new NDList(x.get(new NDIndex(":, 1, :"))), training).singletonOrThrow();
            return training ? new NDList(c, d) : new NDList(c.add(d).mul(EngineArrays.scalar(x.getManager(), 0.5f)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), shape.classes())};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape token = new Shape(inputShapes[0].get(0), shape.dim());
            classHead.initialize(manager, dataType, token);
            distillationHead.initialize(manager, dataType, token);
        }
    }
}
