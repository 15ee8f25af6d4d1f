package org.qbench.methods.quantsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.ScaledResidualRequest;
import org.qbench.methods.SubNetworks;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.WithManager;

/**
 * The two super-resolution methods on a tiny EDSR-style network built as the SR task builds its model (stem, residual
 * body through the custom hook, upsampler, output conv): a calibration forward, then training
 * steps run the schedule's forwards with their loss weights, with finite outputs and gradients for every parameter.
 */
class SuperResolutionStepTest extends WithManager {

    private static final int C = 4;
    private static final int BLOCKS = 4;

    private static Block residual(LayerFactory f, int i) {
        Block branch = new SequentialBlock()
                .add(f.conv2d(ConvSpec.of(C, 3, LayerRole.BODY).withPadding(1).withBias(true).withSignedInput(true)))
                .add(f.activation(ActivationKind.RELU, LayerRole.BODY))
                .add(f.conv2d(ConvSpec.of(C, 3, LayerRole.BODY).withPadding(1).withBias(true)));
        return f.custom(new ScaledResidualRequest(LayerRole.BODY, i, BLOCKS, C, branch)).orElseThrow();
    }

    private static Block model(LayerFactory f) {
        SequentialBlock body = new SequentialBlock();
        for (int i = 0; i < BLOCKS; i++) {
            body.add(residual(f, i));
        }
        return new SequentialBlock()
                .add(f.conv2d(ConvSpec.of(C, 3, LayerRole.STEM).withPadding(1).withBias(true).withSignedInput(true)))
                .add(body)
                .add(f.conv2d(ConvSpec.of(C, 3, LayerRole.UPSAMPLE).withPadding(1).withBias(true).withSignedInput(true)))
                .add(f.conv2d(ConvSpec.of(1, 3, LayerRole.HEAD).withPadding(1).withBias(true).withSignedInput(true)));
    }

    @ParameterizedTest(name = "quantsr {0} bits rlq={1}")
    @CsvSource({"2,true", "3,true", "4,true", "8,true", "4,false"})
    void quantsrTrainsItsThreeDepthsWithFiniteValuesAndGradients(int bits, boolean rlq) {
        Engine.getInstance().setRandomSeed(5);
        LayerFactory f = Methods.builtIn().get("quantsr").layers(new MethodConfig(bits, FirstLastPrecision.FP32)
                .withOptions(new QuantsrOptions(rlq, null, null, null, null)));
        Block net = model(f);
        Shape input = new Shape(2, 1, 8, 8);
        net.initialize(manager, DataType.FLOAT32, input);
        SubNetworks sub = f.subNetworks().orElseThrow();
        int steps = 3;
        for (int step = 0; step < steps; step++) {
            try (NDManager batch = manager.newSubManager()) {
                NDArray x = batch.randomNormal(input);
                ParameterStore ps = new ParameterStore(batch, false);
                if (step == 0) {
                    net.forward(ps, new NDList(x), true); // calibration forward, outside the recording
                }
                double[] weights = sub.forwards(step, steps);
                assertEquals(step < 1 ? 1 : 3, weights.length, "switch at floor(0.5 * 3) = 1");
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = null;
                    for (int v = 0; v < weights.length; v++) {
                        sub.select(v);
                        NDArray y = net.forward(ps, new NDList(x), true).singletonOrThrow();
                        assertTrue(y.isNaN().logicalOr(y.isInfinite()).none().getBoolean());
                        NDArray term = y.sub(x).abs().mean().mul(EngineArrays.scalar(batch, (float) weights[v]));
                        loss = loss == null ? term : loss.add(term);
                    }
                    gc.backward(loss);
                }
                for (var p : net.getParameters()) {
                    NDArray g = p.getValue().getArray().getGradient();
                    assertTrue(g.isNaN().logicalOr(g.isInfinite()).none().getBoolean(), p.getKey() + " at step " + step);
                }
            }
        }
        sub.selectForEvaluation();
        assertTrue(sub.describe().get("switched").equals(true));
    }

    @ParameterizedTest(name = "pams {0} bits")
    @CsvSource({"2", "3", "4", "8"})
    void pamsTrainsAPlainResidualBodyWithFiniteGradients(int bits) {
        Engine.getInstance().setRandomSeed(6);
        LayerFactory f = Methods.builtIn().get("pams").layers(new MethodConfig(bits, FirstLastPrecision.FP32));
        SequentialBlock net = new SequentialBlock()
                .add(f.conv2d(ConvSpec.of(C, 3, LayerRole.STEM).withPadding(1).withBias(true).withSignedInput(true)));
        for (int i = 0; i < 2; i++) {
            net.add(f.conv2d(ConvSpec.of(C, 3, LayerRole.BODY).withPadding(1).withBias(true).withSignedInput(true)))
                    .add(f.activation(ActivationKind.RELU, LayerRole.BODY))
                    .add(f.conv2d(ConvSpec.of(C, 3, LayerRole.BODY).withPadding(1).withBias(true)));
        }
        net.add(f.conv2d(ConvSpec.of(1, 3, LayerRole.HEAD).withPadding(1).withBias(true).withSignedInput(true)))
                .add(LambdaBlock.singleton(y -> y));
        Shape input = new Shape(2, 1, 8, 8);
        net.initialize(manager, DataType.FLOAT32, input);
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.randomNormal(input);
            ParameterStore ps = new ParameterStore(batch, false);
            net.forward(ps, new NDList(x), true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(ps, new NDList(x), true).singletonOrThrow().sub(x).abs().mean());
            }
            for (var p : net.getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                assertTrue(g.isNaN().logicalOr(g.isInfinite()).none().getBoolean(), p.getKey());
                if (p.getKey().endsWith("alpha")) {
                    assertTrue(g.abs().sum().getFloat() > 0, "alpha learns: " + p.getKey());
                }
            }
        }
    }
}
