package org.qbench.harness.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.qbench.hardware.onnx.OrtModel;
import org.qbench.methods.quant.EngineArrays;

/**
 * An ONNX Runtime model in the place of a DJL network: each forward copies the batch out of the engine, runs it
 * on the runtime and copies the first output back, so a task's own evaluation measures the runtime's model.
 * Inference only; it has no parameters.
 */
final class OrtBlock extends AbstractBlock {

    private final OrtModel model;

    OrtBlock(OrtModel model) {
        this.model = model;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            throw new IllegalStateException("a runtime model cannot train");
        }
        NDArray x = inputs.singletonOrThrow();
        float[] in = x.toType(DataType.FLOAT32, false).toFloatArray();
        OrtModel.Output out = model.runAll(in, x.getShape().getShape()).get(0);
        return new NDList(EngineArrays.of(x.getManager(), out.values(), new Shape(out.shape())));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException("a runtime model's output shape is known only when it runs");
    }
}
