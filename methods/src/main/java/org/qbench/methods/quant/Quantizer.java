package org.qbench.methods.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A fake quantizer: a block with its own learnable parameters whose forward returns the de-quantized value
 * of its input, with gradients defined by the method's straight-through surrogate.
 */
public interface Quantizer extends Block {

    /** The bit width of the grid, or 32 when the quantizer passes values through unchanged. */
    int bits();

    /**
     * Fake-quantizes {@code x}.
     *
     * @param parameterStore where the quantizer's parameters live
     * @param x the tensor to quantize
     * @param training whether this is a training pass (data-dependent initialisation may happen on the
     *     first call)
     * @return the de-quantized tensor, same shape as {@code x}
     */
    NDArray quantize(ParameterStore parameterStore, NDArray x, boolean training);

    /**
     * The integer codes and scales of {@code x} under the quantizer's current parameters, for integer
     * kernels and the parity check. {@code codes[i] * scale} equals the fake-quantized value.
     */
    ExportedTensor export(NDArray x);

    /**
     * How an integer runtime applies this quantizer to a run-time tensor (an activation), under its current
     * parameters: an affine grid when the forward is exactly ONNX's {@code QuantizeLinear}, else the reason it is
     * not. The default refuses: a quantizer is deployable only where it says so.
     */
    default RuntimeGrid runtimeGrid() {
        return RuntimeGrid.refused(getClass().getSimpleName() + " declares no affine integer grid");
    }
}
