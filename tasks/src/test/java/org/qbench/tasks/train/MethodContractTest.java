package org.qbench.tasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.tasks.models.CifarResNet;

/**
 * The contract every registered CNN method meets at every bit width it declares: the ResNet builds from its
 * layers, a training forward and backward give finite outputs and a finite gradient for every parameter, and
 * the hidden layers really run at the declared bit width.
 */
class MethodContractTest {

    private static final int REPEATS = 3;

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (QuantMethod m : Methods.builtIn().all()) {
            if (m.supportedTasks().contains(TaskKind.CNN_CLASSIFICATION)) {
                for (int bits : new java.util.TreeSet<>(m.supportedBits())) {
                    cells.add(Arguments.of(m.id(), bits));
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} bits")
    @MethodSource("cells")
    void trainsOneStepWithFiniteValuesAndGradients(String method, int bits) {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = CifarResNet.build(Methods.builtIn().get(method).layers(new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT)),
                    new CifarResNet.Shape(1, 4, 10));
            Shape input = new Shape(4, 1, 28, 28);
            net.initialize(manager, DataType.FLOAT32, input);
            for (var p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            // Three steps' worth of forward and backward: on the machine where the threaded engine broke, a
            // non-finite gradient showed up in one pass out of a few.
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.randomNormal(input);
                    ParameterStore ps = new ParameterStore(batch, false);
                    net.forward(ps, new NDList(x), true); // data-dependent initialisation, outside the recording
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = net.forward(ps, new NDList(x), true).singletonOrThrow();
                        assertEquals(new Shape(4, 10), out.getShape());
                        assertTrue(out.isInfinite().logicalOr(out.isNaN()).none().getBoolean(), "non-finite logits");
                        gc.backward(out.square().mean());
                    }
                    for (var p : net.getParameters()) {
                        if (!p.getValue().requiresGradient()) {
                            continue; // batch-norm running statistics
                        }
                        NDArray g = p.getValue().getArray().getGradient();
                        assertTrue(g.isInfinite().logicalOr(g.isNaN()).none().getBoolean(),
                                "non-finite gradient of " + p.getKey() + " in pass " + (repeat + 1));
                    }
                }
            }
            int hiddenBits = bits;
            visit(net, layer -> {
                if (layer.position() == org.qbench.methods.LayerPosition.HIDDEN) {
                    assertEquals(hiddenBits, layer.weightQuantizer().bits());
                    assertEquals(hiddenBits, layer.inputQuantizer().bits());
                }
            });
        }
    }

    private static void visit(Block block, java.util.function.Consumer<QuantizedLayer> check) {
        if (block instanceof QuantizedLayer layer) {
            check.accept(layer);
        }
        block.getChildren().values().forEach(child -> visit(child, check));
    }
}
