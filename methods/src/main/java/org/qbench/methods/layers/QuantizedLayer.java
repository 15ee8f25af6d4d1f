package org.qbench.methods.layers;

import org.qbench.methods.LayerPosition;
import org.qbench.methods.quant.Quantizer;

/** A layer whose weights and inputs pass through quantizers; what cost accounting and export need. */
public interface QuantizedLayer {

    /** Where the layer sits in the network. */
    LayerPosition position();

    /** The quantizer applied to the weights. */
    Quantizer weightQuantizer();

    /** The quantizer applied to the layer's input. */
    Quantizer inputQuantizer();

    /** Multiply-accumulates per sample for the last input shape seen (0 before the first forward). */
    long macsPerSample();
}
