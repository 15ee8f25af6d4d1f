package org.qbench.harness.kernels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.qbench.hardware.kernel.Codes;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.hardware.kernel.ShiftAddShape;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.ProductKind;
import org.qbench.methods.QuantMethod;
import org.qbench.methods.TaskKind;
import org.qbench.methods.layers.QuantMatMul;
import org.qbench.tasks.Budget;
import org.qbench.tasks.LayerCost;
import org.qbench.tasks.Task;

/**
 * The GEMM shapes {@code qbench kernels} times, derived from the tasks' own models ({@link Task#cost}) rather
 * than listed: im2col lowers a conv or linear layer, for a batch of {@value #BATCH} samples, to
 * {@code m = BATCH * macs / (n k)} rows (output positions times the batch), {@code n} output channels and
 * {@code k = Cin * KH * KW} (linear: input features), all read off the layer's weight shape and MACs.
 *
 * <p>Ids are {@code <task>_<budget>_L<index>-<layer>}, e.g. {@code cls-fmnist_quick_L2-conv3x3}: the layer's
 * place in forward order (as in the cost tables) and its kind with spaces dropped and stride 1 left implicit
 * ({@code conv3x3}, {@code conv3x3s2}, {@code conv1x1s2}, {@code linear}). They stay put as long as the model
 * does and are safe in file names. A shape repeated within one model keeps its first layer's id.
 *
 * <p>The default selection keeps a kernel run short: per task family ({@link Task#kind()}; its first registered
 * task, since the others run the same architecture on other data), the quick budget's representative layers (the
 * first and the last stage's convolution with the most MACs, and the classifier) and the paper budget's largest
 * layer; shapes already chosen are not timed twice. For classification ({@code cls-fmnist}) these are the four
 * shapes the suite timed when it still listed them by hand; for vision transformers ({@code vit-fmnist}) the quick
 * model's patch embedding and its distinct linear layers (qkv, projection, the two MLP layers, the heads) and the
 * paper model's largest layer. {@code --tasks} or {@code --shapes} time others.
 *
 * <p>Binary layers (a conv or linear layer whose weight and input quantizers are both 1-bit, BRVE's and XNOR-Net's
 * binarized convolutions) are marked {@link LayerGemm#binary}: on binary hardware they run on the XNOR kernels, so
 * their shapes must be among those timed, where every profile's kernels ({@code binary-xnor} beside {@code
 * fp32-java-simd} on jvm-simd, {@code binary-scalar} on jvm-scalar) run on them. A layer is binary when it is in the
 * task's fp32 model (a task whose architecture binarizes by itself), or in its model under a binary-only method (one
 * whose only width is 1, at first and last layers in full precision, the binary networks' protocol) that supports
 * the task's family: shapes come from the fp32 model, the widths from that one. The default selection adds, for the
 * first task of a family, the representative binary layers of the quick model (as for all layers: the first and
 * last stages' largest convolutions, and any linear layer) and the paper model's largest binary layer.
 *
 * <p>A product of two activations (attention's {@code q*k^T} and {@code attn*v} rows of the cost breakdown) is not a
 * weight GEMM and gives no GemmShape. Instead, each distinct {@code attn*v} row gives an {@link AttentionShape}: one
 * head's {@code P V} as the shift-add attention kernels take it ({@link ShiftAddShape}: {@code n} queries, {@code m}
 * keys, {@code d} head dimension), run for {@value #BATCH} samples x heads; its id is {@code
 * <task>_<budget>_L<index>-matmulattnv}. Every attention shape of the first task of each family is in the default
 * selection (a model has one per token count and head width).
 */
public final class ModelGemmShapes {

    /** Samples per batch in every shape. */
    public static final int BATCH = 16;

    /** The budgets whose models give shapes: quick, the default, and paper; smoke's tiny model is plumbing. */
    public static final List<Budget> BUDGETS = List.of(Budget.QUICK, Budget.PAPER);

    /**
     * One layer's GEMM.
     *
     * @param id the stable id, {@code <task>_<budget>_L<index>-<layer>}
     * @param task the task whose model has the layer
     * @param budget the budget whose model it is
     * @param layer the layer's cost row (its kind, weight shape, MACs per sample)
     * @param shape the GEMM for a batch of {@value ModelGemmShapes#BATCH}
     * @param binary whether a binary layer (1-bit weights and inputs) has this shape, possibly a later layer than
     *     the one the id names
     */
    public record LayerGemm(String id, String task, Budget budget, LayerCost layer, GemmShape shape, boolean binary) {

        /** The same shape, marked binary. */
        LayerGemm asBinary() {
            return new LayerGemm(id, task, budget, layer, shape, true);
        }
    }

    /**
     * The width of the timed attention probabilities' log2 exponents: PackQViT's 4 bits, the least any method's
     * {@code P} gets ({@link QuantMatMul#MIN_PROBABILITY_BITS}), with which the int32 bound allows 511 keys.
     */
    public static final int ATTENTION_EXPONENT_BITS = QuantMatMul.MIN_PROBABILITY_BITS;

    /** The timed attention values: signed 8-bit codes, the widest a quantized {@code V} has in the suite. */
    public static final Codes ATTENTION_VALUES = new Codes(8, true);

    /**
     * One attention head's {@code P V}, for the shift-add attention kernels.
     *
     * @param id the stable id, {@code <task>_<budget>_L<index>-matmulattnv}
     * @param task the task whose model has the product
     * @param budget the budget whose model it is
     * @param layer the product's cost row (operand shapes per sample, MACs)
     * @param heads attention heads: a batch of {@value ModelGemmShapes#BATCH} runs {@code BATCH x heads} of these
     * @param shape one head's product
     */
    public record AttentionShape(String id, String task, Budget budget, LayerCost layer, int heads, ShiftAddShape shape) {

        /** Products per batch of {@value ModelGemmShapes#BATCH}: one per sample and head. */
        public int problems() {
            return BATCH * heads;
        }
    }

    /** By MACs, then by weight size n x k (see {@link #largest}). */
    private static final Comparator<LayerGemm> BY_SIZE = Comparator.<LayerGemm>comparingLong(g -> g.shape().macs())
            .thenComparingLong(g -> (long) g.shape().n() * g.shape().k());

    private final Map<String, LayerGemm> all;
    private final List<LayerGemm> defaults;
    private final Map<String, AttentionShape> attention;
    private final List<AttentionShape> attentionDefaults;

    private ModelGemmShapes(Map<String, LayerGemm> all, List<LayerGemm> defaults, Map<String, AttentionShape> attention,
            List<AttentionShape> attentionDefaults) {
        this.all = all;
        this.defaults = defaults;
        this.attention = attention;
        this.attentionDefaults = attentionDefaults;
    }

    /** The shapes of these tasks' models at {@link #BUDGETS}; builds each model once (loads the engine). */
    public static ModelGemmShapes of(Collection<Task> tasks) {
        Map<String, LayerGemm> all = new LinkedHashMap<>();
        Map<GemmShape, LayerGemm> defaults = new LinkedHashMap<>();
        Map<String, AttentionShape> attention = new LinkedHashMap<>();
        Map<List<Integer>, AttentionShape> attentionDefaults = new LinkedHashMap<>();
        Set<TaskKind> families = EnumSet.noneOf(TaskKind.class);
        for (Task task : tasks) {
            boolean firstOfFamily = families.add(task.kind());
            for (Budget budget : BUDGETS) {
                List<LayerCost> rows = rows(task, budget);
                List<LayerGemm> model = distinct(task.id(), budget, rows);
                model.forEach(g -> all.put(g.id(), g));
                List<AttentionShape> products = distinctAttention(task.id(), budget, rows);
                products.forEach(a -> attention.put(a.id(), a));
                if (firstOfFamily) {
                    List<LayerGemm> picked = new ArrayList<>(budget == Budget.PAPER ? List.of(largest(model))
                            : representative(model));
                    List<LayerGemm> binary = model.stream().filter(LayerGemm::binary).toList();
                    if (!binary.isEmpty()) { // the XNOR kernels' own shapes, whatever the float model's largest is
                        picked.addAll(budget == Budget.PAPER ? List.of(largest(binary)) : representative(binary));
                    }
                    picked.forEach(g -> defaults.putIfAbsent(g.shape(), g));
                    products.forEach(a -> attentionDefaults.putIfAbsent(List.of(a.heads(), a.shape().n(), a.shape().m(),
                            a.shape().d()), a));
                }
            }
        }
        return new ModelGemmShapes(Collections.unmodifiableMap(all), List.copyOf(defaults.values()),
                Collections.unmodifiableMap(attention), List.copyOf(attentionDefaults.values()));
    }

    /** Every shape, per task and budget in forward order. */
    public List<LayerGemm> all() {
        return List.copyOf(all.values());
    }

    /** The shapes timed when none are asked for (see the class comment). */
    public List<LayerGemm> defaults() {
        return defaults;
    }

    /**
     * The shape with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public LayerGemm get(String id) {
        LayerGemm g = all.get(id);
        if (g == null) {
            throw new IllegalArgumentException("unknown shape '" + id + "' (known: " + String.join(", ", all.keySet()) + ")");
        }
        return g;
    }

    /**
     * What {@code qbench kernels} times: GEMM shapes for the GEMM kernels, attention shapes for the attention
     * kernels.
     *
     * @param gemms GEMM shapes, in the order asked for
     * @param attention attention shapes, in the order asked for
     */
    public record Selection(List<LayerGemm> gemms, List<AttentionShape> attention) {

        /** Makes the lists immutable. */
        public Selection {
            gemms = List.copyOf(gemms);
            attention = List.copyOf(attention);
        }
    }

    /**
     * The shapes with these ids, each a GEMM or an attention shape; with none, the defaults of both ({@link
     * #defaults}, {@link #attentionDefaults}). Naming only GEMM shapes times no attention, and the reverse.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones of both kinds
     */
    public Selection select(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return new Selection(defaults, attentionDefaults);
        }
        List<LayerGemm> gemms = new ArrayList<>();
        List<AttentionShape> products = new ArrayList<>();
        for (String id : ids) {
            if (all.containsKey(id)) {
                gemms.add(all.get(id));
            } else if (attention.containsKey(id)) {
                products.add(attention.get(id));
            } else {
                throw new IllegalArgumentException("unknown shape '" + id + "' (known: " + String.join(", ", all.keySet())
                        + "; attention: " + (attention.isEmpty() ? "none" : String.join(", ", attention.keySet())) + ")");
            }
        }
        return new Selection(gemms, products);
    }

    /** Every attention shape, per task and budget in forward order. */
    public List<AttentionShape> attention() {
        return List.copyOf(attention.values());
    }

    /** The attention shapes timed when none are asked for (see the class comment). */
    public List<AttentionShape> attentionDefaults() {
        return attentionDefaults;
    }

    /** Whether an id names an attention shape rather than a GEMM shape. */
    public boolean isAttention(String id) {
        return attention.containsKey(id);
    }

    /**
     * The attention shape with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public AttentionShape getAttention(String id) {
        AttentionShape a = attention.get(id);
        if (a == null) {
            throw new IllegalArgumentException("unknown attention shape '" + id + "' (known: "
                    + String.join(", ", attention.keySet()) + ")");
        }
        return a;
    }

    /**
     * Every distinct GEMM shape of one task's model at one budget, in forward order. Shapes do not depend on the
     * method, so the model is fp32's.
     */
    public static List<LayerGemm> derive(Task task, Budget budget) {
        return distinct(task.id(), budget, rows(task, budget));
    }

    /** Every distinct attention shape of one task's model at one budget, in forward order (none for a CNN). */
    public static List<AttentionShape> deriveAttention(Task task, Budget budget) {
        return distinctAttention(task.id(), budget, fp32Rows(task, budget));
    }

    private static List<LayerCost> fp32Rows(Task task, Budget budget) {
        MethodConfig fp32 = new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.FP32);
        return task.cost(Methods.builtIn().get("fp32"), fp32, budget).layers();
    }

    /**
     * The fp32 model's rows, a layer binary under some binary-only method for the task's family given that method's
     * widths (see the class comment). Builds one more model per such method; none is registered yet, so today these
     * are the fp32 rows.
     */
    private static List<LayerCost> rows(Task task, Budget budget) {
        List<LayerCost> rows = fp32Rows(task, budget);
        for (QuantMethod method : Methods.builtIn().all()) {
            if (method.supportedBits().equals(Set.of(1)) && method.supportedTasks().contains(task.kind())) {
                rows = withBinaryLayers(rows, task.cost(method, new MethodConfig(1, FirstLastPrecision.FP32), budget)
                        .layers(), task.id() + " under " + method.id());
            }
        }
        return rows;
    }

    /**
     * {@code rows} with the widths of {@code quantized}'s binary layers, row by row: the same model, so the same
     * layers in the same order.
     *
     * @throws IllegalStateException when the two models' layers differ
     */
    static List<LayerCost> withBinaryLayers(List<LayerCost> rows, List<LayerCost> quantized, String what) {
        if (rows.size() != quantized.size()) {
            throw new IllegalStateException(what + " has " + quantized.size() + " layers, its fp32 model "
                    + rows.size());
        }
        List<LayerCost> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            LayerCost r = rows.get(i);
            LayerCost q = quantized.get(i);
            if (!r.weightShape().equals(q.weightShape()) || r.macs() != q.macs() || !r.layer().equals(q.layer())) {
                throw new IllegalStateException(what + ": layer " + q.index() + " (" + q.layer() + ", "
                        + q.weightShape() + ") is not the fp32 model's (" + r.layer() + ", " + r.weightShape() + ")");
            }
            out.add(binary(q) && !binary(r) ? new LayerCost(r.index(), r.layer(), r.position(), r.weightShape(), 1, 1,
                    r.params(), r.modelBits(), r.macs(), r.bops(), r.ops(), r.activationProduct()) : r);
        }
        return out;
    }

    /** Whether a row is a binary layer: 1-bit weights and 1-bit inputs. */
    static boolean binary(LayerCost layer) {
        return !layer.activationProduct() && layer.weightBits() == 1 && layer.inputBits() == 1;
    }

    /**
     * The weight layers' shapes, the first layer of each distinct shape only (marked binary when any layer of that
     * shape is). Products of two activations are not weight GEMMs and are left out (see {@link #distinctAttention}).
     */
    static List<LayerGemm> distinct(String taskId, Budget budget, List<LayerCost> layers) {
        Map<GemmShape, LayerGemm> seen = new LinkedHashMap<>();
        for (LayerCost layer : layers) {
            if (layer.activationProduct()) {
                continue;
            }
            LayerGemm g = lower(taskId, budget, layer);
            seen.merge(g.shape(), g, (first, later) -> later.binary() && !first.binary() ? first.asBinary() : first);
        }
        return List.copyOf(seen.values());
    }

    /** The {@code attn*v} products' shapes, the first product of each distinct shape only. */
    static List<AttentionShape> distinctAttention(String taskId, Budget budget, List<LayerCost> layers) {
        Map<List<Integer>, AttentionShape> seen = new LinkedHashMap<>();
        for (LayerCost layer : layers) {
            if (layer.activationProduct() && layer.layer().equals(CONTEXT_ROW)) {
                AttentionShape a = attention(taskId, budget, layer);
                seen.putIfAbsent(List.of(a.heads(), a.shape().n(), a.shape().m(), a.shape().d()), a);
            }
        }
        return List.copyOf(seen.values());
    }

    /** The cost row's kind of attention's {@code P V}. */
    static final String CONTEXT_ROW = "matmul " + ProductKind.CONTEXT.id();

    /**
     * One {@code attn*v} row's head: operands {@code heads x N x N} (probabilities) and {@code heads x N x d}
     * (values) per sample, read off the row's operand shapes and checked against its MACs.
     */
    static AttentionShape attention(String taskId, Budget budget, LayerCost layer) {
        String[] operands = layer.weightShape().split("·");
        long[] p = operands.length == 2 ? dims(operands[0]) : new long[0];
        long[] v = operands.length == 2 ? dims(operands[1]) : new long[0];
        if (p.length != 3 || v.length != 3 || p[0] != v[0] || p[2] != v[1]
                || layer.macs() != p[0] * p[1] * p[2] * v[2]) {
            throw new IllegalStateException("product " + layer.index() + " (" + layer.layer() + ", operands "
                    + layer.weightShape() + ", " + layer.macs() + " MACs) is not heads x n x m times heads x m x d");
        }
        ShiftAddShape head = new ShiftAddShape(Math.toIntExact(p[1]), Math.toIntExact(p[2]), Math.toIntExact(v[2]),
                ATTENTION_EXPONENT_BITS, ATTENTION_VALUES);
        return new AttentionShape(id(taskId, budget, layer), taskId, budget, layer, Math.toIntExact(p[0]), head);
    }

    private static long[] dims(String shape) {
        return java.util.Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /** One layer's GEMM for a batch of {@value #BATCH}, from its weight shape and MACs. */
    static LayerGemm lower(String taskId, Budget budget, LayerCost layer) {
        String[] dims = layer.weightShape().split("x");
        long n = Long.parseLong(dims[0]);
        long k = 1;
        for (int i = 1; i < dims.length; i++) {
            k *= Long.parseLong(dims[i]);
        }
        if (dims.length < 2 || layer.macs() % (n * k) != 0) {
            throw new IllegalStateException("layer " + layer.index() + " (" + layer.layer() + ", weight " + layer.weightShape()
                    + ", " + layer.macs() + " MACs) does not lower to a GEMM: its MACs are not a multiple of n x k");
        }
        long m = BATCH * (layer.macs() / (n * k));
        return new LayerGemm(id(taskId, budget, layer), taskId, budget, layer,
                new GemmShape(Math.toIntExact(m), Math.toIntExact(n), Math.toIntExact(k)), binary(layer));
    }

    /** {@code <task>_<budget>_L<index>-<layer>}: {@code conv 3x3 s1} becomes {@code conv3x3}, {@code conv 3x3 s2} {@code conv3x3s2}. */
    static String id(String taskId, Budget budget, LayerCost layer) {
        String kind = layer.layer().toLowerCase(Locale.ROOT).replaceAll(" s1$", "").replaceAll("[^a-z0-9]", "");
        return taskId + "_" + budget.id() + "_L" + layer.index() + "-" + kind;
    }

    /**
     * A model's representative shapes, in forward order: the convolution with the most MACs of the first stage
     * and of the last (a stage being the convolutions at one output resolution, i.e. of one m: the shapes run
     * from tall and narrow to square), and every linear layer (the classifier).
     */
    static List<LayerGemm> representative(List<LayerGemm> model) {
        Map<Integer, List<LayerGemm>> stages = new LinkedHashMap<>();
        List<LayerGemm> picked = new ArrayList<>();
        for (LayerGemm g : model) {
            if (g.layer().layer().startsWith("conv")) {
                stages.computeIfAbsent(g.shape().m(), m -> new ArrayList<>()).add(g);
            } else {
                picked.add(g);
            }
        }
        List<List<LayerGemm>> ordered = List.copyOf(stages.values());
        if (!ordered.isEmpty()) {
            picked.add(largest(ordered.get(0)));
            LayerGemm last = largest(ordered.get(ordered.size() - 1));
            if (!picked.contains(last)) {
                picked.add(last);
            }
        }
        picked.sort(Comparator.comparingInt(g -> g.layer().index()));
        return List.copyOf(picked);
    }

    /**
     * The shape with the most MACs. A ResNet's stages do equal work, so ties go to the larger weight (n x k: the
     * deeper stage), then to the earlier layer.
     */
    static LayerGemm largest(List<LayerGemm> shapes) {
        LayerGemm best = null;
        for (LayerGemm g : shapes) {
            if (best == null || BY_SIZE.compare(g, best) > 0) {
                best = g;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no layers");
        }
        return best;
    }
}
