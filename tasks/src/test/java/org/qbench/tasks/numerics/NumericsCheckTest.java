package org.qbench.tasks.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.layers.QuantizedLayers;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.DivergedException;

/** The numerics checker names the first non-finite value's step, block, operation, origin and statistics. */
class NumericsCheckTest {

    /** Two LSQ 4-bit linear layers, initialised and calibrated on a batch of ones. */
    private static Block model(NDManager manager) {
        var layers = Methods.builtIn().get("lsq").layers(new MethodConfig(4, FirstLastPrecision.SAME));
        Block net = new SequentialBlock()
                .add(layers.linear(LinearSpec.of(6, LayerRole.BODY)))
                .add(layers.linear(LinearSpec.of(3, LayerRole.BODY).withSignedInput(true)));
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(p.getValue().requiresGradient()));
        net.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2, 4))), true);
        return net;
    }

    private static QuantizedLayer layer(Block net, int index) {
        return (QuantizedLayer) net.getChildren().get(index).getValue();
    }

    @Test
    void aQuantizerThatTurnsFiniteIntoNaNIsBlamedWithItsPathAndStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = model(manager);
            ((LsqQuantizer) layer(net, 1).inputQuantizer()).setStepSize(Float.NaN);
            NumericsCheck check = NumericsCheck.of(net);
            check.at(2, 17);
            DivergedException e = assertThrows(DivergedException.class, () -> {
                try (QuantizedLayers.Scope probe = QuantizedLayers.probe(check)) {
                    net.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2, 4))), true);
                }
            });
            NumericsFault f = e.fault().orElseThrow();
            assertEquals(NumericsFault.QUANTIZER, f.origin());
            assertEquals("forward", f.phase());
            assertEquals(2, f.epoch());
            assertEquals(17, f.step());
            assertEquals("model/02QuantLinear", f.block());
            assertEquals("input quantizer (LsqQuantizer)", f.operation());
            assertEquals(List.of(2L, 6L), f.tensor().shape());
            assertEquals(12, f.tensor().nan());
            assertNull(f.tensor().finiteMin());
            assertTrue(e.getMessage().startsWith("first non-finite value in quantizer at epoch 2, step 17 (forward)"),
                    e.getMessage());
        }
    }

    @Test
    void aNonFiniteLayerInputIsBlamedOnTheEngineOpsBeforeIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = model(manager);
            NumericsCheck check = NumericsCheck.of(net);
            NDArray x = EngineArrays.of(manager, new float[] {1, Float.POSITIVE_INFINITY, 2, 3, -1, 0, 0, Float.NaN},
                    new Shape(2, 4));
            DivergedException e = assertThrows(DivergedException.class, () -> {
                try (QuantizedLayers.Scope probe = QuantizedLayers.probe(check)) {
                    net.forward(new ParameterStore(manager, false), new NDList(x), true);
                }
            });
            NumericsFault f = e.fault().orElseThrow();
            assertEquals(NumericsFault.ENGINE, f.origin());
            assertEquals("model/01QuantLinear", f.block());
            assertEquals(1, f.tensor().nan());
            assertEquals(1, f.tensor().positiveInfinite());
            assertEquals(-1.0, f.tensor().finiteMin());
            assertEquals(3.0, f.tensor().finiteMax());
            assertEquals(5.0 / 6, f.tensor().finiteMean(), 1e-12);
        }
    }

    @Test
    void aFiniteForwardPassesEveryCheckAndTheLossIsCheckedLast() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = model(manager);
            NumericsCheck check = NumericsCheck.of(net);
            NDArray out;
            try (QuantizedLayers.Scope probe = QuantizedLayers.probe(check)) {
                out = net.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2, 4))), true)
                        .singletonOrThrow();
            }
            check.output(out);
            check.loss(out.sum());
            DivergedException e = assertThrows(DivergedException.class,
                    () -> check.loss(out.sum().mul(EngineArrays.scalar(manager, Float.NaN))));
            assertEquals(NumericsFault.LOSS, e.fault().orElseThrow().origin());
            assertEquals("loss", e.fault().orElseThrow().phase());
        }
    }

    @Test
    void aNonFiniteGradientNamesTheParameterNearestTheLoss() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = model(manager);
            NumericsCheck check = NumericsCheck.of(net);
            check.gradients(); // before any backward pass: no gradient, nothing to report
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.forward(new ParameterStore(manager, false), new NDList(manager.zeros(new Shape(2, 4))), true)
                        .singletonOrThrow();
                // sqrt'(0) = inf, times 0: the loss is 0, every gradient behind it NaN
                NDArray loss = out.abs().sqrt().mul(EngineArrays.scalar(manager, 0f)).sum();
                check.loss(loss);
                gc.backward(loss);
            }
            DivergedException e = assertThrows(DivergedException.class, check::gradients);
            NumericsFault f = e.fault().orElseThrow();
            assertEquals("backward", f.phase());
            assertEquals(NumericsFault.ENGINE, f.origin());
            assertTrue(f.block().startsWith("model/02QuantLinear/"), f.block());
        }
    }

    @Test
    void integerAndEmptyArraysCountAsFinite() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertTrue(NumericsCheck.finite(manager.zeros(new Shape(3), DataType.INT64)));
            assertTrue(NumericsCheck.finite(manager.zeros(new Shape(0))));
            assertTrue(NumericsCheck.finite(EngineArrays.of(manager, new float[] {Float.MAX_VALUE, -Float.MAX_VALUE})));
        }
    }
}
