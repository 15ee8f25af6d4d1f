package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.qbench.methods.quant.StraightThrough;

/**
 * ReActNet's RPReLU, as BRVE uses it: {@code z -> PReLU(z + gamma) + zeta} with {@code gamma}, {@code zeta} per
 * channel (init 0) and a per-channel PReLU slope (init 0.25, PyTorch's {@code nn.PReLU} default). PReLU is
 * {@code relu(v) + slope (v - relu(v))}: at {@code v = 0} its gradient w.r.t. {@code v} is the slope, as PyTorch's
 * ({@code v > 0 ? 1 : slope}). All three are full-precision parameters (shifts as biases, the slope as a weight).
 */
public final class Rprelu extends AbstractBlock {

    private static final byte VERSION = 1;
    /** PyTorch's {@code nn.PReLU} initial slope. */
    static final float INITIAL_SLOPE = 0.25f;

    private final Parameter gamma;
    private final Parameter slope;
    private final Parameter zeta;

    /**
     * An RPReLU over {@code channels} channels (axis {@code rank - 3}).
     *
     * @param channels the input's channels
     */
    public Rprelu(int channels) {
        super(VERSION);
        Shape shape = new Shape(Blocks.positive("channels", channels), 1, 1);
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.BIAS)
                .optInitializer(Initializer.ZEROS).optShape(shape).build());
        this.slope = addParameter(Parameter.builder().setName("slope").setType(Parameter.Type.WEIGHT)
                .optInitializer(new ConstantInitializer(INITIAL_SLOPE)).optShape(shape).build());
        this.zeta = addParameter(Parameter.builder().setName("zeta").setType(Parameter.Type.BIAS)
                .optInitializer(Initializer.ZEROS).optShape(shape).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray v = x.add(StraightThrough.inBatch(x, parameterStore.getValue(gamma, x.getDevice(), training)));
        NDArray positive = Activation.relu(v);
        NDArray a = StraightThrough.inBatch(x, parameterStore.getValue(slope, x.getDevice(), training));
        NDArray prelu = positive.add(v.sub(positive).mul(a));
        return new NDList(prelu.add(StraightThrough.inBatch(x, parameterStore.getValue(zeta, x.getDevice(), training))));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
