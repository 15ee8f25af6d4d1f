package org.qbench.harness.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.tasks.Budget;
import org.qbench.tasks.LayerCost;
import org.qbench.tasks.Tasks;

/**
 * The kernel shapes derived from the tasks' models: hand-computed for cls-fmnist's quick ResNet-8 (width 8 on
 * 28x28x1), ids stable, unique and safe in file names, and a default selection that still holds the four shapes
 * the suite once listed by hand.
 */
class ModelGemmShapesTest {

    private static ModelGemmShapes shapes;

    @BeforeAll
    static void derive() {
        shapes = ModelGemmShapes.of(Tasks.builtIn().all()); // builds the models: needs the engine
    }

    private static Map<String, String> byId(List<ModelGemmShapes.LayerGemm> list) {
        Map<String, String> m = new LinkedHashMap<>();
        list.forEach(g -> m.put(g.id(), g.shape().toString()));
        return m;
    }

    @Test
    void fashionMnistQuickShapesAreTheHandComputedOnes() {
        // m = 16 images x output positions, n = out channels, k = in x kh x kw; L3 repeats L2's shape
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("cls-fmnist_quick_L1-conv3x3", "12544x8x9");      // stem 1 -> 8 at 28x28
        expected.put("cls-fmnist_quick_L2-conv3x3", "12544x8x72");     // stage 1, 8 -> 8 at 28x28
        expected.put("cls-fmnist_quick_L4-conv3x3s2", "3136x16x72");   // stage 2, 8 -> 16 to 14x14
        expected.put("cls-fmnist_quick_L5-conv3x3", "3136x16x144");
        expected.put("cls-fmnist_quick_L6-conv1x1s2", "3136x16x8");    // projection shortcut
        expected.put("cls-fmnist_quick_L7-conv3x3s2", "784x32x144");   // stage 3, 16 -> 32 to 7x7
        expected.put("cls-fmnist_quick_L8-conv3x3", "784x32x288");
        expected.put("cls-fmnist_quick_L9-conv1x1s2", "784x32x16");
        expected.put("cls-fmnist_quick_L10-linear", "16x10x32");       // 32 pooled features -> 10 classes
        assertEquals(expected, byId(ModelGemmShapes.derive(Tasks.builtIn().get("cls-fmnist"), Budget.QUICK)));
    }

    @Test
    void defaultsAreRepresentativeQuickLayersAndThePaperModelsLargest() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("cls-fmnist_quick_L2-conv3x3", "12544x8x72");
        expected.put("cls-fmnist_quick_L8-conv3x3", "784x32x288");
        expected.put("cls-fmnist_quick_L10-linear", "16x10x32");
        expected.put("cls-fmnist_paper_L16-conv3x3", "784x64x576");    // ResNet-20 w16, stage 3 at 7x7
        // cls-cifar10 is the same family (same ResNets at 32x32): its shapes are known but not timed by default.
        assertEquals(expected, byId(shapes.defaults().stream().filter(g -> g.task().startsWith("cls-")).toList()));
        assertEquals("16384x8x72", shapes.get("cls-cifar10_quick_L2-conv3x3").shape().m() + "x"
                + shapes.get("cls-cifar10_quick_L2-conv3x3").shape().n() + "x" + shapes.get("cls-cifar10_quick_L2-conv3x3").shape().k());
    }

    @Test
    void vitFashionMnistQuickShapesAreItsLinearLayersWithoutTheProducts() {
        // quick ViT: 28x28 in 7x7 patches (16 + 2 tokens), width 48, 3 heads of 16, MLP 96, 3 blocks; per block the
        // cost rows are qkv (L2), q*k^T (L3), attn*v (L4), projection (L5), MLP (L6, L7); the heads are L20, L21
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("vit-fmnist_quick_L1-conv7x7s7", "256x48x49");    // patch embedding: 16 x 16 patches, 1x7x7
        expected.put("vit-fmnist_quick_L2-linear", "288x144x48");      // qkv: 16 x 18 tokens
        expected.put("vit-fmnist_quick_L5-linear", "288x48x48");       // projection
        expected.put("vit-fmnist_quick_L6-linear", "288x96x48");       // MLP up
        expected.put("vit-fmnist_quick_L7-linear", "288x48x96");       // MLP down
        expected.put("vit-fmnist_quick_L20-linear", "16x10x48");       // class head (the distillation head repeats it)
        assertEquals(expected, byId(ModelGemmShapes.derive(Tasks.builtIn().get("vit-fmnist"), Budget.QUICK)));
    }

    @Test
    void noProductRowBecomesAGemm() {
        for (ModelGemmShapes.LayerGemm g : shapes.all()) {
            assertTrue(!g.layer().activationProduct() && !g.layer().layer().startsWith("matmul"), g.id());
        }
        LayerCost scores = new LayerCost(3, "matmul q*k^T", "hidden", "4x18x16·4x16x18", 32, 32, 0, 0, 20736, 0, 0, true);
        assertTrue(ModelGemmShapes.distinct("t", Budget.QUICK, List.of(scores)).isEmpty());
    }

    @Test
    void vitAttentionShapesComeFromTheAttnTimesVRows() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("vit-fmnist_quick_L4-matmulattnv", "3 heads, 18x18x16");   // N = 18 queries and keys, d = 16
        expected.put("vit-fmnist_paper_L4-matmulattnv", "3 heads, 51x51x64");   // 4x4 patches: 49 + 2 tokens, 192 / 3
        Map<String, String> actual = new LinkedHashMap<>();
        for (ModelGemmShapes.AttentionShape a : shapes.attention()) {
            if (a.task().equals("vit-fmnist")) {
                actual.put(a.id(), a.heads() + " heads, " + a.shape().n() + "x" + a.shape().m() + "x" + a.shape().d());
                assertEquals(ModelGemmShapes.ATTENTION_EXPONENT_BITS, a.shape().exponentBits());
                assertEquals(ModelGemmShapes.BATCH * a.heads(), a.problems());
                assertEquals(a.layer().macs(), a.heads() * a.shape().terms(), "per sample: heads x N x N x d");
            }
        }
        assertEquals(expected, actual);
        assertEquals(List.copyOf(expected.keySet()), shapes.attentionDefaults().stream().map(ModelGemmShapes.AttentionShape::id).toList(),
                "the first ViT task's, not vit-cifar10's");
        assertTrue(shapes.isAttention("vit-cifar10_quick_L4-matmulattnv"));
        assertEquals(ModelGemmShapes.deriveAttention(Tasks.builtIn().get("cls-fmnist"), Budget.QUICK), List.of(), "a CNN has none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shapes.getAttention("vit-fmnist_quick_L3"));
        assertTrue(e.getMessage().startsWith("unknown attention shape 'vit-fmnist_quick_L3' (known: vit-fmnist_quick_L4-matmulattnv"),
                e.getMessage());
    }

    @Test
    void selectionTakesGemmAndAttentionIdsAlikeAndDefaultsToBoth() {
        ModelGemmShapes.Selection none = shapes.select(null);
        assertEquals(shapes.defaults(), none.gemms());
        assertEquals(shapes.attentionDefaults(), none.attention());
        assertEquals(none, shapes.select(List.of()));
        ModelGemmShapes.Selection mixed = shapes.select(List.of("vit-fmnist_paper_L4-matmulattnv", "cls-fmnist_quick_L10-linear",
                "vit-fmnist_quick_L4-matmulattnv"));
        assertEquals(List.of(shapes.get("cls-fmnist_quick_L10-linear")), mixed.gemms());
        assertEquals(List.of(shapes.getAttention("vit-fmnist_paper_L4-matmulattnv"), shapes.getAttention("vit-fmnist_quick_L4-matmulattnv")),
                mixed.attention(), "in the order asked for");
        assertEquals(List.of(), shapes.select(List.of("cls-fmnist_quick_L10-linear")).attention(), "GEMM ids time no attention");
        assertEquals(List.of(), shapes.select(List.of("vit-cifar10_quick_L4-matmulattnv")).gemms(), "and the reverse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shapes.select(List.of("vit-fmnist_quick_L3")));
        assertTrue(e.getMessage().startsWith("unknown shape 'vit-fmnist_quick_L3' (known: cls-fmnist_quick_L1-conv3x3, ")
                && e.getMessage().contains("; attention: vit-fmnist_quick_L4-matmulattnv, "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void vitDefaultsAreItsQuickLinearLayersAndThePaperModelsLargest() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("vit-fmnist_quick_L1-conv7x7s7", "256x48x49");
        expected.put("vit-fmnist_quick_L2-linear", "288x144x48");
        expected.put("vit-fmnist_quick_L5-linear", "288x48x48");
        expected.put("vit-fmnist_quick_L6-linear", "288x96x48");
        expected.put("vit-fmnist_quick_L7-linear", "288x48x96");
        expected.put("vit-fmnist_quick_L20-linear", "16x10x48");
        expected.put("vit-fmnist_paper_L6-linear", "816x768x192");    // MLP up: 16 x 51 tokens, 192 -> 768
        assertEquals(expected, byId(shapes.defaults().stream().filter(g -> g.task().startsWith("vit-")).toList()));
    }

    @Test
    void attentionLoweringReadsTheOperandShapesAndChecksTheMacs() {
        LayerCost context = new LayerCost(4, "matmul attn*v", "hidden", "3x51x51·3x51x64", 4, 8, 0, 64, 3L * 51 * 51 * 64, 0, 0, true);
        ModelGemmShapes.AttentionShape a = ModelGemmShapes.attention("t", Budget.PAPER, context);
        assertEquals("t_paper_L4-matmulattnv", a.id());
        assertEquals(3, a.heads());
        assertEquals(51, a.shape().n());
        assertEquals(51, a.shape().m());
        assertEquals(64, a.shape().d());
        LayerCost wrong = new LayerCost(4, "matmul attn*v", "hidden", "3x51x51·3x51x64", 4, 8, 0, 64, 100, 0, 0, true);
        assertThrows(IllegalStateException.class, () -> ModelGemmShapes.attention("t", Budget.PAPER, wrong));
    }

    @Test
    void idsAreUniqueSafeInFileNamesAndLookedUpExactly() {
        List<ModelGemmShapes.LayerGemm> all = shapes.all();
        assertEquals(all.size(), new HashSet<>(byId(all).keySet()).size(), "ids are unique");
        for (ModelGemmShapes.LayerGemm g : all) {
            assertTrue(g.id().matches("[a-z0-9-]+_(quick|paper)_L[0-9]+-[a-z0-9]+"), g.id());
            assertEquals(g, shapes.get(g.id()));
        }
        // derived twice, the same ids and shapes
        assertEquals(byId(all), byId(ModelGemmShapes.of(Tasks.builtIn().all()).all()));
    }

    @Test
    void anUnknownIdFailsOnOneLineListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shapes.get("resnet8w8-fc"));
        assertTrue(e.getMessage().startsWith("unknown shape 'resnet8w8-fc' (known: cls-fmnist_quick_L1-conv3x3, "), e.getMessage());
        assertTrue(e.getMessage().contains("cls-cifar10_paper_L22-linear"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void loweringReadsTheWeightShapeAndMacs() {
        // a stride-2 3x3 conv 16 -> 32 at 7x7 output: 49 positions x 32 x 144 MACs per sample
        LayerCost conv = new LayerCost(7, "conv 3x3 s2", "hidden", "32x16x3x3", 4, 4, 0, 0, 49L * 32 * 144, 0, 0);
        ModelGemmShapes.LayerGemm g = ModelGemmShapes.lower("t", Budget.QUICK, conv);
        assertEquals(new GemmShape(16 * 49, 32, 144), g.shape());
        assertEquals("t_quick_L7-conv3x3s2", g.id());
        LayerCost linear = new LayerCost(10, "linear", "last", "10x32", 32, 32, 0, 0, 320, 0, 0);
        assertEquals(new GemmShape(16, 10, 32), ModelGemmShapes.lower("t", Budget.PAPER, linear).shape());
        LayerCost odd = new LayerCost(1, "conv 3x3 s1", "first", "8x1x3x3", 32, 32, 0, 0, 100, 0, 0);
        assertThrows(IllegalStateException.class, () -> ModelGemmShapes.lower("t", Budget.QUICK, odd));
    }

    @Test
    void largestBreaksEqualWorkTowardsTheLargerWeight() {
        // a ResNet's stages do equal work: 12544x16x144 and 784x64x576 both have 28.9M MACs
        ModelGemmShapes.LayerGemm early = gemm(2, 12544, 16, 144);
        ModelGemmShapes.LayerGemm deep = gemm(16, 784, 64, 576);
        assertEquals(deep, ModelGemmShapes.largest(List.of(early, deep)));
        assertEquals(deep, ModelGemmShapes.largest(List.of(deep, early)));
    }

    private static ModelGemmShapes.LayerGemm gemm(int index, int m, int n, int k) {
        LayerCost layer = new LayerCost(index, "conv 3x3 s1", "hidden", n + "x" + k / 9 + "x3x3", 32, 32, 0, 0, (long) m / 16 * n * k, 0, 0);
        return ModelGemmShapes.lower("t", Budget.PAPER, layer);
    }
}
