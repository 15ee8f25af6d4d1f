package org.qbench.harness.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.LayerRole;
import org.qbench.methods.LinearSpec;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.layers.QuantLinear;
import org.qbench.methods.lsqplus.LsqPlusQuantizer;
import org.qbench.tasks.Budget;
import org.qbench.tasks.ProgressListener;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.Tasks;
import org.qbench.tasks.data.IdxFixtures;

/**
 * Parity on the vision transformer: every quantized linear layer (zero points, LSQ+ offsets, PackQViT's per-channel
 * input scales requantized to int16) and the attention stages, on a smoke-budget ViT trained on a generated
 * Fashion-MNIST look-alike; and the requantization of per-channel input scales within its stated bound.
 */
class VitParityTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixture() throws IOException {
        IdxFixtures.fashionMnist(dir, 1024, 512, 7);
    }

    private static Parity run(String method, int bits) {
        ParityCheck check = new ParityCheck();
        TaskContext ctx = new TaskContext(Methods.builtIn().get(method), new MethodConfig(bits, FirstLastPrecision.EIGHT_BIT),
                Budget.SMOKE, 0, Optional.of(dir), ProgressListener.NONE, OptionalInt.empty(), Optional.of(check), false);
        Tasks.builtIn().get("vit-fmnist").run(ctx);
        return check.result();
    }

    @ParameterizedTest(name = "{0} {1} bits")
    @CsvSource({"packqvit,4", "lsq,4", "lsq+,4"})
    void everyLinearLayerAndTheAttentionHaveAnIntegerRecord(String method, int bits) {
        Parity p = run(method, bits);
        assertNotNull(p);
        List<String> names = p.layers().stream().map(LayerParity::name).toList();
        // smoke ViT: one block; qkv, proj, fc1, fc2 and two heads are linear; the stem conv's input is the image
        assertEquals(1, p.floatLayers(), "only the stem (normalised image input) stays in float: " + names);
        for (String linear : List.of("attention 0", "attention 1", "mlp 0", "mlp 1", "head 0", "head 1")) {
            assertTrue(names.contains(linear), linear + " in " + names);
        }
        assertTrue(names.contains("L0 attn q*k^T"), names.toString());
        assertTrue(names.contains("L0 attn*v"), names.toString());
        if (method.equals("packqvit")) {
            assertTrue(names.contains("L0 attn softmax->exponents"), names.toString());
        }
        for (LayerParity l : p.layers()) {
            assertTrue(Double.isFinite(l.maxDiffLsb()), l.toString());
            if (!l.kernel().contains("requant") && !l.name().contains("softmax")) {
                // one grid, exact integer codes: only float rounding of the simulated output separates them
                assertTrue(l.maxDiffLsb() < 0.5, l.toString());
            }
        }
        assertTrue(Double.isFinite(p.integer()));
    }

    @Test
    void perChannelInputScalesRequantizeWithinTheStatedBound() {
        Engine.getInstance().setRandomSeed(5);
        Random rnd = new Random(5);
        Shape input = new Shape(3, 7, 24);
        try (NDManager manager = NDManager.newBaseManager()) {
            QuantLinear fc = (QuantLinear) Methods.builtIn().get("packqvit")
                    .layers(new MethodConfig(4, FirstLastPrecision.EIGHT_BIT))
                    .linear(LinearSpec.of(10, LayerRole.MLP).withSignedInput(true));
            fc.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            fc.forward(new ParameterStore(manager, false), new NDList(x), true); // calibrates both quantizers
            float[] steps = new float[24];
            float[] zeros = new float[24];
            for (int c = 0; c < 24; c++) {
                steps[c] = (float) (0.05 * Math.pow(2, 3 * rnd.nextDouble())); // a spread of 8x, not powers of two
                zeros[c] = rnd.nextInt(5) - 2;
            }
            ((LsqPlusQuantizer) fc.inputQuantizer()).setZeroPoint(steps, zeros, true);
            float[] fq = fc.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            IntegerLayer il = IntegerLayer.of(fc, x).orElseThrow();
            assertTrue(il.kernel().endsWith("+requant-int16"), il.kernel());
            assertTrue(il.extraBits() > 0 && il.extraBits() <= IntegerLayer.MAX_EXTRA_BITS, "r = " + il.extraBits());
            double worstShare = 0;
            for (int e = 0; e < fq.length; e++) {
                double diff = Math.abs(il.inAccumulatorUnits(e, fq[e]) - il.acc(e));
                double bound = il.requantizationBound()[il.channel(e)];
                assertTrue(diff <= bound + 1e-3, "element " + e + ": " + diff + " > bound " + bound);
                worstShare = Math.max(worstShare, diff / bound);
            }
            assertTrue(worstShare > 0, "the requantization is not exact for scales that are not powers of two apart");
        }
    }
}
