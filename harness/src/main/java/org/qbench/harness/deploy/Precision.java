package org.qbench.harness.deploy;

import java.util.Locale;

/** What an exported graph computes in. */
public enum Precision {
    /**
     * QDQ form: each quantized layer's input goes through {@code QuantizeLinear}/{@code DequantizeLinear} with its
     * quantizer's grid, its weights are integer codes behind a {@code DequantizeLinear}, so ONNX Runtime fuses them
     * into its integer kernels ({@code QLinearConv}, {@code QGemm}). Widths below 8 ride in 8-bit containers with an
     * explicit {@code Clip} to the narrow grid (exact values, 8-bit speed).
     */
    INT8,
    /**
     * Float: the same network with the method's (fake-quantized) weights baked in as floats and no activation
     * quantization: the runtime's FP32 baseline for latency, and the model itself for a full-precision method.
     */
    FP32;

    /** The id used in file names and tables: {@code int8}, {@code fp32}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
