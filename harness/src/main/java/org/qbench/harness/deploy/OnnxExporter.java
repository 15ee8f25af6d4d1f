package org.qbench.harness.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qbench.hardware.onnx.OnnxGraph;
import org.qbench.hardware.onnx.OnnxGraph.ElementType;
import org.qbench.methods.layers.LayerGeometry;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.Quantizer;
import org.qbench.methods.quant.RuntimeGrid;
import org.qbench.tasks.models.Residual;

/**
 * Writes a trained network as an ONNX graph by walking its block tree: sequential blocks chain, residual sums
 * become {@code Add}, the named lambda blocks (ReLU, global average pooling, flatten, identity) their ONNX ops,
 * quantized convolutions and linear layers {@code Conv} and {@code Gemm}, and a batch norm right after one of them
 * is folded into it. Anything else is refused with the block's path: no graph is ever approximated.
 *
 * <p>In {@link Precision#INT8} a quantized layer is written in QDQ form: its input quantizer's {@link RuntimeGrid}
 * becomes {@code QuantizeLinear}/{@code DequantizeLinear} (uint8 for an unsigned grid, int8 for a signed one; a
 * {@code Clip} first when the grid is narrower than the container), its weights the codes of
 * {@link Quantizer#export} as an int8 initializer behind a per-channel {@code DequantizeLinear}, its bias int32
 * codes at scale {@code s_x s_w[c]}. A folded batch norm changes the weight scales and the bias, never the codes:
 * {@code BN(conv(x, s_w q)) = conv(x, (s_w a) q) + (b - mu) a + beta} with {@code a = gamma / sqrt(var + eps)}, so
 * the runtime's integer accumulator sees the trained codes exactly. A pass-through input stays float (the
 * normalised image of the stem: its integer grid is the pixels', not an affine one of the input).
 */
public final class OnnxExporter {

    /** DJL's batch-norm epsilon (its builder's default, which {@code FullPrecisionBlocks.norm} keeps). */
    static final float BATCH_NORM_EPSILON = 1e-5f;

    /** The graph's input and output names. */
    public static final String INPUT = "input";
    /** The graph's output name. */
    public static final String OUTPUT = "output";

    private final OnnxGraph graph;
    private final Precision precision;
    private final boolean probe;
    private final List<ExportedModel.ExportedLayer> layers = new ArrayList<>();
    private final List<String> probes = new ArrayList<>();
    private final List<ExportedModel.BiasShift> biasRounding = new ArrayList<>();
    private final List<ExportRefused.At> refusals = new ArrayList<>();

    private OnnxExporter(String name, Precision precision, boolean probe) {
        this.graph = new OnnxGraph(name);
        this.precision = precision;
        this.probe = probe;
    }

    /**
     * Exports {@code network}.
     *
     * @param name the graph's name
     * @param network the trained network (its parameters initialised; inference mode)
     * @param inputShape one sample's input shape, without the batch axis
     * @param precision what the graph computes in
     * @throws ExportRefused when some block or quantizer has no exact ONNX form, naming it and why
     */
    public static ExportedModel export(String name, Block network, long[] inputShape, Precision precision) {
        return export(name, network, inputShape, precision, false);
    }

    /**
     * As {@link #export(String, Block, long[], Precision)}; a probe export also outputs each quantized input's
     * integer codes (the {@code QuantizeLinear} outputs), for the per-layer agreement in LSBs.
     */
    public static ExportedModel export(String name, Block network, long[] inputShape, Precision precision, boolean probe) {
        OnnxExporter e = new OnnxExporter(name, precision, probe);
        long[] batched = new long[inputShape.length + 1];
        batched[0] = -1;
        System.arraycopy(inputShape, 0, batched, 1, inputShape.length);
        String x = e.graph.input(INPUT, ElementType.FLOAT, batched);
        String y = e.emit(network, x, "model");
        if (!e.refusals.isEmpty()) {
            throw ExportRefused.of(e.refusals);
        }
        e.graph.output(e.graph.rename(y, OUTPUT), ElementType.FLOAT);
        for (String p : e.probes) {
            e.graph.output(p, ElementType.FLOAT);
        }
        return new ExportedModel(e.graph.toBytes(), precision, inputShape.clone(), e.layers, e.probes, e.biasRounding);
    }

    private String emit(Block block, String x, String path) {
        if (block instanceof QuantizedLayer layer) {
            return layer(layer, null, x, path);
        }
        if (block instanceof Residual.Sum sum) {
            String branch = emit(sum.branch(), x, path + "/branch");
            String shortcut = emit(sum.shortcut(), x, path + "/shortcut");
            return graph.node("Add", branch, shortcut);
        }
        if (block instanceof SequentialBlock seq) {
            List<Block> children = seq.getChildren().values();
            String v = x;
            for (int i = 0; i < children.size(); i++) {
                Block child = children.get(i);
                String childPath = path + "/" + i;
                if (child instanceof QuantizedLayer layer && i + 1 < children.size()
                        && children.get(i + 1) instanceof BatchNorm bn) {
                    v = layer(layer, bn, v, childPath);
                    i++;
                } else {
                    v = emit(child, v, childPath);
                }
            }
            return v;
        }
        if (block instanceof BatchNorm bn) {
            return batchNorm(bn, x);
        }
        if (block instanceof LambdaBlock lambda) {
            return switch (lambda.getName().toLowerCase(Locale.ROOT)) {
                case "identity" -> x;
                case "relu" -> graph.node("Relu", x);
                case "globalavgpool2d" -> graph.node("GlobalAveragePool", x);
                case "batchflatten" -> graph.node("Flatten", List.of(x), Map.of("axis", 1));
                default -> throw new ExportRefused(path + ": no ONNX form here for the block '" + lambda.getName() + "'");
            };
        }
        throw new ExportRefused(path + ": no ONNX form here for " + block.getClass().getSimpleName());
    }

    /**
     * A quantized conv or linear layer, with the batch norm that follows it folded in (or none). A layer ONNX cannot
     * express is recorded as refused and written in float, so the walk goes on and every refusal is reported.
     */
    private String layer(QuantizedLayer layer, BatchNorm bn, String x, String path) {
        try {
            return layer(layer, bn, x, path, precision);
        } catch (Refusal r) {
            refusals.add(new ExportRefused.At(path, r.getMessage()));
            return layer(layer, bn, x, path, Precision.FP32);
        }
    }

    /** Why one layer has no exact ONNX form (the walk's internal signal; the layer's path is added by the caller). */
    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    private String layer(QuantizedLayer layer, BatchNorm bn, String x, String path, Precision precision) {
        LayerGeometry geo = layer.geometry();
        NDArray w = layer.weightArray();
        long[] shape = w.getShape().getShape();
        int out = (int) shape[0];
        int perOut = (int) (w.size() / out);
        float[] fold = new float[out];
        float[] bias = new float[out];
        Arrays.fill(fold, 1f);
        layer.biasArray().ifPresent(b -> System.arraycopy(b.toFloatArray(), 0, bias, 0, out));
        if (bn != null) {
            float[][] p = normParameters(bn, out, path);
            for (int c = 0; c < out; c++) {
                fold[c] = p[0][c] / (float) Math.sqrt(p[3][c] + BATCH_NORM_EPSILON);
                bias[c] = (bias[c] - p[2][c]) * fold[c] + p[1][c];
            }
        }
        Quantizer wq = layer.weightQuantizer();
        RuntimeGrid grid = precision == Precision.INT8 ? layer.inputQuantizer().runtimeGrid() : RuntimeGrid.passThrough();
        if (grid.refusal().isPresent()) {
            throw new Refusal(grid.reason());
        }
        boolean floatWeights = wq.bits() > 8 || precision == Precision.FP32;
        String in = x;
        boolean narrow = false;
        float sx = 0f;
        if (grid.isAffine() && !floatWeights) {
            sx = grid.scale();
            ElementType type = grid.minCode() < 0 ? ElementType.INT8 : ElementType.UINT8;
            int lo = type == ElementType.INT8 ? -128 : 0;
            int hi = type == ElementType.INT8 ? 127 : 255;
            if (grid.minCode() < lo || grid.maxCode() > hi) {
                throw new Refusal("input codes [" + grid.minCode() + ", " + grid.maxCode() + "] do not fit " + type);
            }
            if (grid.minCode() > lo || grid.maxCode() < hi) {
                narrow = true;
                in = graph.node("Clip", in, graph.floats("clip_lo", new float[] {grid.value(grid.minCode())}),
                        graph.floats("clip_hi", new float[] {grid.value(grid.maxCode())}));
            }
            String s = graph.floats("x_scale", new float[] {sx});
            String z = graph.bytes("x_zero", type, new int[] {grid.zeroPoint()});
            String q = graph.node("QuantizeLinear", in, s, z);
            if (probe) {
                String codes = graph.node("Cast", List.of(q), Map.of("to", 1));
                probes.add(codes);
            }
            in = graph.node("DequantizeLinear", q, s, z);
        } else if (grid.isAffine()) {
            throw new Refusal("a quantized input with full-precision weights has no integer kernel");
        }
        String weights;
        String biasName;
        float lsb = 0f;
        if (floatWeights) {
            float[] v = weightValues(wq, w);
            for (int i = 0; i < v.length; i++) {
                v[i] *= fold[i / perOut];
            }
            weights = graph.floats("w", v, shape);
            biasName = graph.floats("b", bias, out);
        } else {
            ExportedTensor e = wq.export(w);
            if (e.hasOffset()) {
                throw new Refusal("weights with a real-valued offset (no integer zero point)");
            }
            if (e.channelAxis() > 0) {
                throw new Refusal("weight scales along axis " + e.channelAxis() + ", not the output channels");
            }
            int[] codes = e.codes();
            int min = Arrays.stream(codes).min().orElse(0);
            int max = Arrays.stream(codes).max().orElse(0);
            if (min < -128 || max > 127) {
                throw new Refusal(wq.getClass().getSimpleName() + "'s " + wq.bits()
                        + "-bit weight codes leave int8's [-128, 127] (no int8 zero point expresses the grid)");
            }
            float[] scales = new float[out];
            int[] zeros = new int[out];
            for (int c = 0; c < out; c++) {
                scales[c] = e.scale(c) * fold[c];
                zeros[c] = e.zeroPoint(c);
            }
            String q = graph.bytes("w_codes", ElementType.INT8, codes, shape);
            String s = graph.floats("w_scale", scales, out);
            String z = graph.bytes("w_zero", ElementType.INT8, zeros, out);
            weights = graph.node("DequantizeLinear", List.of(q, s, z), Map.of("axis", 0));
            if (grid.isAffine()) {
                biasName = integerBias(bias, scales, sx, path, bn != null ? parameter(bn, "beta") : layerBias(layer));
                for (float sc : scales) {
                    lsb = Math.max(lsb, Math.abs(sx * sc));
                }
            } else {
                biasName = graph.floats("b", bias, out);
            }
        }
        String y;
        if (geo.convolution()) {
            long k = geo.kernel();
            long p = geo.padding();
            y = graph.node("Conv", List.of(in, weights, biasName), Map.of(
                    "kernel_shape", new long[] {k, k},
                    "strides", new long[] {geo.stride(), geo.stride()},
                    "pads", new long[] {p, p, p, p},
                    "dilations", new long[] {geo.dilation(), geo.dilation()},
                    "group", (long) geo.groups()));
        } else {
            y = graph.node("Gemm", List.of(in, weights, biasName), Map.of("transB", 1L));
        }
        layers.add(new ExportedModel.ExportedLayer(path, geo.convolution() ? "conv" : "linear", grid.isAffine(),
                grid.isAffine() ? grid.bits() : 0,
                floatWeights ? 32 : wq.bits(), bn != null, narrow, lsb));
        return y;
    }

    /** The bias as int32 codes at scale {@code s_x s_w[c]} behind a {@code DequantizeLinear}, as QLinearConv takes it. */
    private String integerBias(float[] bias, float[] wScales, float sx, String path, Parameter target) {
        int[] codes = new int[bias.length];
        float[] scales = new float[bias.length];
        float[] shift = new float[bias.length];
        for (int c = 0; c < bias.length; c++) {
            scales[c] = sx * wScales[c];
            double code = Math.rint(bias[c] / (double) scales[c]);
            if (!(Math.abs(code) < Integer.MAX_VALUE)) {
                throw new Refusal("bias " + bias[c] + " overflows int32 at scale " + scales[c]);
            }
            codes[c] = (int) code;
            shift[c] = (float) (code * scales[c] - bias[c]);
        }
        if (target != null) {
            biasRounding.add(new ExportedModel.BiasShift(target, shift));
        }
        String q = graph.ints("b_codes", codes, bias.length);
        String s = graph.floats("b_scale", scales, bias.length);
        String z = graph.ints("b_zero", new int[bias.length], bias.length);
        return graph.node("DequantizeLinear", List.of(q, s, z), Map.of("axis", 0));
    }

    /** The weights as the forward uses them: the fake-quantized values, or the floats of a pass-through. */
    private static float[] weightValues(Quantizer wq, NDArray w) {
        if (wq.bits() > 8) {
            return w.toFloatArray();
        }
        ExportedTensor e = wq.export(w);
        float[] v = new float[e.codes().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = e.value(i);
        }
        return v;
    }

    private String batchNorm(BatchNorm bn, String x) {
        float[][] p = normParameters(bn, -1, "batch norm");
        int c = p[0].length;
        return graph.node("BatchNormalization", List.of(x, graph.floats("bn_gamma", p[0], c), graph.floats("bn_beta", p[1], c),
                graph.floats("bn_mean", p[2], c), graph.floats("bn_var", p[3], c)), Map.of("epsilon", BATCH_NORM_EPSILON));
    }

    /** The layer's own bias parameter, or null when it has none (its bias is 0, which rounds exactly). */
    private static Parameter layerBias(QuantizedLayer layer) {
        return layer.biasArray().isEmpty() ? null : parameter((Block) layer, "bias");
    }

    private static Parameter parameter(Block block, String name) {
        for (var entry : block.getDirectParameters()) {
            if (entry.getKey().equals(name)) {
                return entry.getValue();
            }
        }
        throw new IllegalStateException(block.getClass().getSimpleName() + " has no parameter " + name);
    }

    /** gamma, beta, running mean, running variance. */
    private static float[][] normParameters(BatchNorm bn, int channels, String path) {
        float[][] p = new float[4][];
        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
        for (var entry : bn.getParameters()) {
            for (int i = 0; i < names.length; i++) {
                if (entry.getKey().equals(names[i])) {
                    Parameter param = entry.getValue();
                    p[i] = param.getArray().toFloatArray();
                }
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (p[i] == null || (channels >= 0 && p[i].length != channels)) {
                throw new ExportRefused(path + ": batch norm without a " + names[i] + " of " + channels + " channels");
            }
        }
        return p;
    }
}
