package org.qbench.tasks.numerics;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.qbench.methods.layers.ForwardProbe;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.Quantizer;
import org.qbench.tasks.DivergedException;

/**
 * The numerics checker ({@code --check-numerics}): after every stage of every quantized layer's forward (its
 * input, each quantizer's output, its weight, its own operation), after the model's output and the loss, and
 * after every parameter's gradient, a finiteness check; the first failure throws a {@link DivergedException}
 * carrying a {@link NumericsFault} that names the step, the block path, the operation and the array's
 * statistics.
 *
 * <p>Blame: a non-finite layer input whose previous layers' outputs were finite was made by the plain engine ops
 * between them (batch norm, ReLU, pooling, residual add); a non-finite weight by the last optimiser update. For a
 * gradient, non-finite values flow from the loss towards the input, so the parameter closest to the loss (last
 * in forward order) whose gradient is non-finite is named, and blamed on a quantizer only when it is one's: a
 * heuristic, since one backward op can feed several parameters.
 *
 * <p>Install it for a step with {@link org.qbench.methods.layers.QuantizedLayers#probe}; each check is one
 * reduction and one read of a scalar, so it slows a step (measured in {@code docs/numerics.md}).
 */
public final class NumericsCheck implements ForwardProbe {

    private record Param(Parameter parameter, String path, boolean quantizer) {}

    private final Map<Block, String> paths = new IdentityHashMap<>();
    private final List<Param> params = new ArrayList<>();
    private int epoch;
    private long step;

    private NumericsCheck(Block model) {
        walk(model, "model");
    }

    /** A checker for a model; the paths it names are the model's block names from the root. */
    public static NumericsCheck of(Block model) {
        return new NumericsCheck(model);
    }

    /**
     * Records every block's path and every parameter in about the order the forward pass uses them: a block's
     * children (a quantized layer's quantizers) before its own parameters (the layer's weight and bias), so the
     * parameters nearest the loss come last.
     */
    private void walk(Block block, String path) {
        paths.put(block, path);
        for (var child : block.getChildren()) {
            walk(child.getValue(), path + "/" + child.getKey());
        }
        for (var p : block.getDirectParameters()) {
            params.add(new Param(p.getValue(), path + "/" + p.getKey(), block instanceof Quantizer));
        }
    }

    /** Sets the step the next checks belong to. */
    public void at(int epoch, long step) {
        this.epoch = epoch;
        this.step = step;
    }

    @Override
    public void seen(QuantizedLayer layer, Stage stage, NDArray value) {
        if (finite(value)) {
            return;
        }
        String block = paths.getOrDefault(layer, layer.getClass().getSimpleName());
        String origin = switch (stage) {
            case INPUT_QUANTIZER, WEIGHT_QUANTIZER -> NumericsFault.QUANTIZER;
            case INPUT, WEIGHT, OUTPUT -> NumericsFault.ENGINE;
        };
        String operation = switch (stage) {
            case INPUT -> "the layer's input, from the engine ops before it (batch norm, ReLU, pooling, residual add)";
            case INPUT_QUANTIZER -> "input quantizer (" + layer.inputQuantizer().getClass().getSimpleName() + ")";
            case WEIGHT -> "the weight, as the last optimiser update left it";
            case WEIGHT_QUANTIZER -> "weight quantizer (" + layer.weightQuantizer().getClass().getSimpleName() + ")";
            case OUTPUT -> "the layer's " + (layer.geometry().convolution() ? "convolution" : "matrix product");
        };
        throw fault("forward", block, operation, origin, value);
    }

    /** Checks the model's output (after the last quantized layer: pooling, flatten and the like). */
    public void output(NDArray out) {
        if (!finite(out)) {
            throw fault("forward", "model", "the model's output, from the engine ops after the last quantized layer",
                    NumericsFault.ENGINE, out);
        }
    }

    /** Checks the loss (every layer's output was finite if it got here). */
    public void loss(NDArray loss) {
        if (!finite(loss)) {
            throw fault("loss", "model", "the loss", NumericsFault.LOSS, loss);
        }
    }

    /** Checks every trainable parameter's gradient after the backward pass. */
    public void gradients() {
        // From the loss backwards: the first non-finite gradient met is the one nearest the loss.
        for (int i = params.size() - 1; i >= 0; i--) {
            Param p = params.get(i);
            if (!p.parameter().requiresGradient() || !p.parameter().isInitialized()) {
                continue;
            }
            try (NDArray g = p.parameter().getArray().getGradient()) {
                if (!finite(g)) {
                    throw fault("backward", p.path(), "the gradient of this parameter",
                            p.quantizer() ? NumericsFault.QUANTIZER : NumericsFault.ENGINE, g);
                }
            }
        }
    }

    private DivergedException fault(String phase, String block, String operation, String origin, NDArray value) {
        return new DivergedException(new NumericsFault(epoch, step, phase, block, operation, origin, TensorStats.of(value)));
    }

    /** Whether every element is finite: max|x| propagates NaN and infinity. */
    static boolean finite(NDArray x) {
        if (x.size() == 0 || !x.getDataType().isFloating()) {
            return true;
        }
        try (NDArray detached = x.stopGradient(); NDArray abs = detached.abs(); NDArray max = abs.max()) {
            return Float.isFinite(max.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat());
        }
    }
}
