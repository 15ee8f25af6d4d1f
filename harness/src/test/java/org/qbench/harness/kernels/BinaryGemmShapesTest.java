package org.qbench.harness.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qbench.hardware.profile.Profiles;
import org.qbench.methods.ConvSpec;
import org.qbench.methods.LayerRole;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantConv2d;
import org.qbench.methods.quant.IdentityQuantizer;
import org.qbench.tasks.Budget;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.LayerCost;
import org.qbench.tasks.Task;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.train.ModelCost;

/**
 * Binary convolutions (1-bit weight and input quantizers) in a task's model: their shapes are marked binary and the
 * representative ones are in the default selection, timed there on the profiles' binary kernels. The fixture is a
 * BRVE-like network on a 3x16x16 input: float head and tail, a binarized body.
 */
class BinaryGemmShapesTest {

    /** A 3x3 convolution, padding 1, 1-bit on both sides or in full precision. */
    private static QuantConv2d conv(int out, int stride, boolean binary) {
        int bits = binary ? 1 : 32;
        // Pass-throughs of the stated width: shapes and widths are all the cost rows read.
        return new QuantConv2d(ConvSpec.of(out, 3, LayerRole.BODY).withStride(stride).withPadding(1),
                new IdentityQuantizer(bits), new IdentityQuantizer(bits));
    }

    private static CostBreakdown fixture() {
        SequentialBlock net = new SequentialBlock()
                .add(conv(16, 1, false))  // L1 head 3 -> 16
                .add(conv(16, 1, false))  // L2 float 16 -> 16
                .add(conv(16, 1, true))   // L3 binary, L2's shape
                .add(conv(32, 2, true))   // L4 binary 16 -> 32 to 8x8
                .add(conv(32, 1, true))   // L5 binary 32 -> 32
                .add(conv(64, 1, false)); // L6 float tail 32 -> 64, the largest layer
        return ModelCost.ofShapes("fixture", net, new Shape(3, 16, 16));
    }

    /** A task whose architecture binarizes by itself, whatever the method. */
    private static final class BinaryTask implements Task {
        @Override
        public String id() {
            return "bin-fixture";
        }

        @Override
        public String description() {
            return "fixture";
        }

        @Override
        public TaskKind kind() {
            return TaskKind.SUPER_RESOLUTION;
        }

        @Override
        public void prepareData(Optional<Path> dataDir) {}

        @Override
        public TaskOutcome run(TaskContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CostBreakdown cost(QuantMethod method, MethodConfig config, Budget budget) {
            return fixture();
        }
    }

    @Test
    void binaryConvolutionsAreMarkedAndShareTheirShapeWithAnEarlierFloatLayer() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("t_quick_L1-conv3x3", "4096x16x27 float");
        expected.put("t_quick_L2-conv3x3", "4096x16x144 binary"); // L3 has this shape: binary kernels time it
        expected.put("t_quick_L4-conv3x3s2", "1024x32x144 binary");
        expected.put("t_quick_L5-conv3x3", "1024x32x288 binary");
        expected.put("t_quick_L6-conv3x3", "1024x64x288 float");
        Map<String, String> actual = new LinkedHashMap<>();
        for (ModelGemmShapes.LayerGemm g : ModelGemmShapes.distinct("t", Budget.QUICK, fixture().layers())) {
            actual.put(g.id(), g.shape() + (g.binary() ? " binary" : " float"));
        }
        assertEquals(expected, actual);
    }

    @Test
    void theDefaultsHoldTheRepresentativeBinaryShapesBesideTheLargestFloatOnes() {
        ModelGemmShapes shapes = ModelGemmShapes.of(List.of(new BinaryTask()));
        Map<String, String> defaults = new LinkedHashMap<>();
        shapes.defaults().forEach(g -> defaults.put(g.id(), g.shape() + (g.binary() ? " binary" : " float")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("bin-fixture_quick_L2-conv3x3", "4096x16x144 binary"); // the first stage's largest
        expected.put("bin-fixture_quick_L6-conv3x3", "1024x64x288 float");  // the last stage's (and paper's) largest
        expected.put("bin-fixture_quick_L5-conv3x3", "1024x32x288 binary"); // the last stage's largest binary layer
        assertEquals(expected, defaults);
        // the profiles run their binary kernels beside the float ones on every shape timed
        assertTrue(Profiles.builtIn().get("jvm-simd").kernels().containsAll(List.of("fp32-java-simd", "binary-xnor")));
        assertTrue(Profiles.builtIn().get("jvm-scalar").kernels().contains("binary-scalar"));
    }

    @Test
    void aBinaryOnlyMethodsWidthsMarkTheFloatModelsLayers() {
        List<LayerCost> fp32 = fixture().layers().stream().map(r -> new LayerCost(r.index(), r.layer(), r.position(),
                r.weightShape(), 32, 32, r.params(), r.modelBits(), r.macs(), r.bops(), r.ops())).toList();
        assertFalse(fp32.stream().anyMatch(ModelGemmShapes::binary));
        List<LayerCost> marked = ModelGemmShapes.withBinaryLayers(fp32, fixture().layers(), "fixture");
        assertEquals(List.of(false, false, true, true, true, false),
                marked.stream().map(ModelGemmShapes::binary).toList());
        assertEquals(fp32.get(2).weightShape(), marked.get(2).weightShape());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModelGemmShapes.withBinaryLayers(fp32.subList(0, 5), fixture().layers(), "fixture"));
        assertEquals("fixture has 6 layers, its fp32 model 5", e.getMessage());
    }
}
