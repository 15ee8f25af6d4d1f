package org.qbench.harness.kernels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qbench.hardware.kernel.GemmShape;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
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
 * shapes the suite timed when it still listed them by hand; {@code --tasks} or {@code --shapes} time others.
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
     */
    public record LayerGemm(String id, String task, Budget budget, LayerCost layer, GemmShape shape) {}

    /** By MACs, then by weight size n x k (see {@link #largest}). */
    private static final Comparator<LayerGemm> BY_SIZE = Comparator.<LayerGemm>comparingLong(g -> g.shape().macs())
            .thenComparingLong(g -> (long) g.shape().n() * g.shape().k());

    private final Map<String, LayerGemm> all;
    private final List<LayerGemm> defaults;

    private ModelGemmShapes(Map<String, LayerGemm> all, List<LayerGemm> defaults) {
        this.all = all;
        this.defaults = defaults;
    }

    /** The shapes of these tasks' models at {@link #BUDGETS}; builds each model once (loads the engine). */
    public static ModelGemmShapes of(Collection<Task> tasks) {
        Map<String, LayerGemm> all = new LinkedHashMap<>();
        Map<GemmShape, LayerGemm> defaults = new LinkedHashMap<>();
        java.util.Set<org.qbench.methods.TaskKind> families = java.util.EnumSet.noneOf(org.qbench.methods.TaskKind.class);
        for (Task task : tasks) {
            boolean firstOfFamily = families.add(task.kind());
            for (Budget budget : BUDGETS) {
                List<LayerGemm> model = derive(task, budget);
                model.forEach(g -> all.put(g.id(), g));
                if (firstOfFamily) {
                    List<LayerGemm> picked = budget == Budget.PAPER ? List.of(largest(model)) : representative(model);
                    picked.forEach(g -> defaults.putIfAbsent(g.shape(), g));
                }
            }
        }
        return new ModelGemmShapes(Collections.unmodifiableMap(all), List.copyOf(defaults.values()));
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
     * Every distinct shape of one task's model at one budget, in forward order. Shapes do not depend on the
     * method, so the model is fp32's.
     */
    public static List<LayerGemm> derive(Task task, Budget budget) {
        MethodConfig fp32 = new MethodConfig(MethodConfig.FULL_PRECISION_BITS, FirstLastPrecision.FP32);
        return distinct(task.id(), budget, task.cost(Methods.builtIn().get("fp32"), fp32, budget).layers());
    }

    /** The layers' shapes, the first layer of each distinct shape only. */
    static List<LayerGemm> distinct(String taskId, Budget budget, List<LayerCost> layers) {
        Map<GemmShape, LayerGemm> seen = new LinkedHashMap<>();
        for (LayerCost layer : layers) {
            LayerGemm g = lower(taskId, budget, layer);
            seen.putIfAbsent(g.shape(), g);
        }
        return List.copyOf(seen.values());
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
                new GemmShape(Math.toIntExact(m), Math.toIntExact(n), Math.toIntExact(k)));
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
