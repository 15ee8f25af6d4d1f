package org.qbench.tasks.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.BlockRequest;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.NormKind;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.quant.EngineArrays;

/** The DeiT-style ViT: builds from every method that serves ViTs, trains a finite step, attention rows sum to 1. */
class VisionTransformerTest {

    /** 28x28 grey images, 7x7 patches (16 of them, 18 tokens), width 32, 4 heads, 2 blocks. */
    private static final VisionTransformer.Spec SMALL =
            new VisionTransformer.Spec(1, 28, 7, 32, 2, 4, 2, 10, 8, ActivationKind.GELU);

    static Stream<QuantMethod> vitMethods() {
        return Methods.builtIn().all().stream().filter(m -> m.supportedTasks().contains(TaskKind.VIT_CLASSIFICATION));
    }

    private static MethodConfig config(QuantMethod m) {
        int bits = m.supportedBits().contains(4) ? 4 : MethodConfig.FULL_PRECISION_BITS;
        return new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT);
    }

    private static NDArray images(NDManager manager, int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return EngineArrays.of(manager, x, new Shape(n, 1, 28, 28));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vitMethods")
    void everyMethodThatServesVitsBuildsItAndTrainsAFiniteStep(QuantMethod method) {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = VisionTransformer.build(method.layers(config(method)), SMALL);
            net.initialize(manager, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            // Calibration forward, outside gradient recording, as the training loop does (data-initialised quantizers).
            net.forward(new ParameterStore(manager, false), new NDList(images(manager, 4, 0)), true);
            try (NDManager batch = manager.newSubManager()) {
                NDArray labels = EngineArrays.of(batch, new float[] {0, 3, 7, 9});
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDList out = net.forward(new ParameterStore(batch, false), new NDList(images(batch, 4, 1)), true);
                    assertEquals(2, out.size(), "training: class and distillation logits");
                    assertEquals(new Shape(4, 10), out.get(0).getShape());
                    Loss ce = Loss.softmaxCrossEntropyLoss();
                    NDArray loss = ce.evaluate(new NDList(labels), new NDList(out.get(0)))
                            .add(ce.evaluate(new NDList(labels), new NDList(out.get(1))));
                    assertTrue(Float.isFinite(loss.getFloat()), method.id() + ": loss " + loss.getFloat());
                    gc.backward(loss);
                }
                for (var p : net.getParameters()) {
                    for (float g : p.getValue().getArray().getGradient().toFloatArray()) {
                        assertTrue(Float.isFinite(g), method.id() + ": gradient of " + p.getKey());
                    }
                }
                NDList inference = net.forward(new ParameterStore(batch, false), new NDList(images(batch, 4, 1)), false);
                assertEquals(1, inference.size(), "inference: the heads' average");
                assertEquals(new Shape(4, 10), inference.singletonOrThrow().getShape());
            }
        }
    }

    @Test
    void inFullPrecisionInferenceAveragesTheHeadsAndAttentionRowsSumToOne() {
        List<NDArray> attention = new ArrayList<>();
        LayerFactory fp32 = Methods.builtIn().get("fp32").layers(new MethodConfig(32, FirstLastPrecision.EIGHT_BIT));
        LayerFactory recording = new LayerFactory() {
            @Override
            public Block conv2d(ConvSpec spec) {
                return fp32.conv2d(spec);
            }

            @Override
            public Block linear(LinearSpec spec) {
                return fp32.linear(spec);
            }

            @Override
            public Block softmax(int axis, LayerRole role) {
                return LambdaBlock.singleton(x -> {
                    NDArray p = x.softmax(axis);
                    attention.add(p.duplicate());
                    return p;
                }, "softmax");
            }

            @Override
            public Block norm(NormKind kind, LayerRole role) {
                return fp32.norm(kind, role);
            }

            @Override
            public Optional<Block> custom(BlockRequest request) {
                return Optional.empty();
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = VisionTransformer.build(recording, SMALL);
            net.initialize(manager, DataType.FLOAT32, new Shape(3, 1, 28, 28));
            NDArray x = images(manager, 3, 2);
            NDList both = net.forward(new ParameterStore(manager, false), new NDList(x), true);
            attention.clear();
            NDArray averaged = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            float[] expected = both.get(0).add(both.get(1)).toFloatArray();
            float[] actual = averaged.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                expected[i] /= 2;
            }
            assertArrayEquals(expected, actual, 1e-5f);
            assertEquals(SMALL.depth(), attention.size(), "one softmax per block");
            for (NDArray p : attention) {
                assertEquals(new Shape(3, SMALL.heads(), SMALL.tokens(), SMALL.tokens()), p.getShape());
                for (float s : p.sum(new int[] {-1}).toFloatArray()) {
                    assertEquals(1f, s, 1e-5f, "an attention row");
                }
            }
        }
    }

    @Test
    void parameterCountMatchesTheClosedForm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = VisionTransformer.build(
                    Methods.builtIn().get("fp32").layers(new MethodConfig(32, FirstLastPrecision.EIGHT_BIT)), SMALL);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            long count = net.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
            long dim = SMALL.dim();
            long hidden = dim * SMALL.mlpRatio();
            long embedding = dim * 7 * 7 + dim + 2 * dim + SMALL.tokens() * dim;
            long block = 2 * dim + (3 * dim * dim + 3 * dim) + 2 * 2 * SMALL.headDim() + (dim * dim + dim)
                    + 2 * dim + (hidden * dim + hidden) + (dim * hidden + dim);
            long heads = 2 * dim + 2 * (10 * dim + 10);
            assertEquals(embedding + SMALL.depth() * block + heads, count);
        }
    }

    @Test
    void anImpossibleGeometryIsRefusedClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new VisionTransformer.Spec(1, 28, 5, 32, 2, 4, 2, 10, 8, ActivationKind.GELU)).getMessage()
                .contains("patch 5 must divide the image size 28"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new VisionTransformer.Spec(1, 28, 7, 30, 2, 4, 2, 10, 8, ActivationKind.GELU)).getMessage()
                .contains("4 heads must divide the width 30"));
    }
}
