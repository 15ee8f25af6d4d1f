package org.qbench.methods.layers;

import ai.djl.ndarray.NDArray;
import org.qbench.methods.LayerPosition;
import org.qbench.methods.LayerRole;
import org.qbench.methods.quant.Quantizer;

/** A layer whose weights and inputs pass through quantizers; what cost accounting and export need. */
public interface QuantizedLayer {

    /** What the layer does in the network, which decided its precision. */
    LayerRole role();

    /** Where the layer sits, as result files record it ({@code first/hidden/last}): its role's position. */
    default LayerPosition position() {
        return role().position();
    }

    /** The quantizer applied to the weights. */
    Quantizer weightQuantizer();

    /** The quantizer applied to the layer's input. */
    Quantizer inputQuantizer();

    /** Multiply-accumulates per sample for the last input shape seen (0 before the first forward). */
    long macsPerSample();

    /** How the layer lowers to a GEMM. */
    LayerGeometry geometry();

    /** The current (unquantized) weight; its quantizer's export gives the integer codes. */
    NDArray weightArray();

    /** The float bias added after the product, if the layer has one. */
    default java.util.Optional<NDArray> biasArray() {
        return java.util.Optional.empty();
    }
}
