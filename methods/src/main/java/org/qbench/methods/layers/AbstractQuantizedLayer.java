package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.qbench.methods.LayerRole;
import org.qbench.methods.quant.Quantizer;
import org.qbench.methods.quant.StraightThrough;

/**
 * What every quantized layer shares: a weight parameter, a weight quantizer and an input quantizer, and the
 * forward {@code op(inputQuantizer(x), weightQuantizer(w))}. Subclasses give the weight shape and the op.
 */
abstract class AbstractQuantizedLayer extends AbstractBlock implements QuantizedLayer {

    private static final byte VERSION = 1;

    private final LayerRole role;
    private final Quantizer weightQuantizer;
    private final Quantizer inputQuantizer;
    /** The layer's weight, quantized on every forward. */
    protected final Parameter weight;
    private long macsPerSample;

    AbstractQuantizedLayer(LayerRole role, Quantizer weightQuantizer, Quantizer inputQuantizer, Initializer init) {
        super(VERSION);
        this.role = role;
        this.inputQuantizer = addChildBlock("inputQuantizer", inputQuantizer);
        this.weightQuantizer = addChildBlock("weightQuantizer", weightQuantizer);
        this.weight = addParameter(
                Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optInitializer(init).build());
    }

    /** The weight's shape for this input shape. */
    abstract Shape weightShape(Shape input);

    /** The layer's operation on quantized input and weights; sets nothing. */
    abstract NDArray apply(ParameterStore parameterStore, NDArray input, NDArray weight, boolean training);

    /** Multiply-accumulates per sample, given the input and output of one forward. */
    abstract long macs(Shape input, Shape output);

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(weightShape(inputShapes[0]));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inputQuantizer.initialize(manager, dataType, inputShapes[0]);
        weightQuantizer.initialize(manager, dataType, weightShape(inputShapes[0]));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        ForwardProbe probe = QuantizedLayers.currentProbe();
        see(probe, ForwardProbe.Stage.INPUT, x);
        NDArray xq = see(probe, ForwardProbe.Stage.INPUT_QUANTIZER, inputQuantizer.quantize(parameterStore, x, training));
        NDArray w = see(probe, ForwardProbe.Stage.WEIGHT,
                StraightThrough.inBatch(x, parameterStore.getValue(weight, x.getDevice(), training)));
        NDArray wq = see(probe, ForwardProbe.Stage.WEIGHT_QUANTIZER, weightQuantizer.quantize(parameterStore, w, training));
        NDArray y = see(probe, ForwardProbe.Stage.OUTPUT, apply(parameterStore, xq, wq, training));
        macsPerSample = macs(x.getShape(), y.getShape());
        LayerInterceptor interceptor = QuantizedLayers.current();
        return new NDList(interceptor == null || training ? y : interceptor.forward(this, x, y));
    }

    private NDArray see(ForwardProbe probe, ForwardProbe.Stage stage, NDArray value) {
        if (probe != null) {
            probe.seen(this, stage, value);
        }
        return value;
    }

    @Override
    public NDArray weightArray() {
        return weight.getArray();
    }

    @Override
    public LayerRole role() {
        return role;
    }

    @Override
    public Quantizer weightQuantizer() {
        return weightQuantizer;
    }

    @Override
    public Quantizer inputQuantizer() {
        return inputQuantizer;
    }

    @Override
    public long macsPerSample() {
        return macsPerSample;
    }
}
