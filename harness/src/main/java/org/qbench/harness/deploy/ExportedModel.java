package org.qbench.harness.deploy;

import ai.djl.nn.Parameter;
import java.util.List;
import org.qbench.methods.quant.EngineArrays;

/**
 * One trained model as an ONNX graph.
 *
 * @param onnx the serialized {@code ModelProto}
 * @param precision what the graph computes in
 * @param inputShape one sample's input shape (without the batch axis)
 * @param layers what became of each quantized layer, in forward order
 * @param probes for a probe export: the graph's extra outputs, one per quantized input (its integer codes), in
 *     the order of {@code layers} that have one; empty otherwise
 * @param biasRounding what rounding the biases to int32 changed: per integer layer, the parameter (a batch norm's
 *     beta or the layer's bias) and the shift of its output
 */
public record ExportedModel(byte[] onnx, Precision precision, long[] inputShape, List<ExportedLayer> layers,
        List<String> probes, List<BiasShift> biasRounding) {

    /** Copies the lists. */
    public ExportedModel {
        layers = List.copyOf(layers);
        probes = List.copyOf(probes);
        biasRounding = List.copyOf(biasRounding);
    }

    /**
     * Adds each bias shift to its parameter in the exported network, in place: the simulated network then has
     * the integer biases the runtime has (the remaining differences are the runtime's own arithmetic). Irreversible;
     * for checks on a network that is not used afterwards.
     */
    public void applyBiasRounding() {
        for (BiasShift b : biasRounding) {
            float[] v = b.target().getArray().toFloatArray();
            for (int c = 0; c < v.length; c++) {
                v[c] += b.shift()[c];
            }
            EngineArrays.assign(b.target().getArray(), v);
        }
    }

    /**
     * The output shift, per channel, that rounding one layer's bias to its int32 grid makes.
     *
     * @param target the parameter that adds it in the network (a batch norm's beta or the layer's bias)
     * @param shift per output channel
     */
    public record BiasShift(Parameter target, float[] shift) {}

    /** Layers whose inputs and weights are integer codes (fused into the runtime's integer kernels). */
    public long integerLayers() {
        return layers.stream().filter(ExportedLayer::integerInput).count();
    }

    /**
     * What one quantized layer became.
     *
     * @param path the layer's place in the block tree
     * @param kind {@code conv} or {@code linear}
     * @param integerInput whether its input is quantized in the graph ({@code QuantizeLinear})
     * @param inputBits the input grid's width (0: float input)
     * @param weightBits the weight grid's width (32: float weights)
     * @param foldedNorm whether a batch norm was folded into its per-channel weight scales and bias
     * @param narrowClip whether a {@code Clip} narrows the 8-bit container to a smaller grid
     * @param outputLsb the largest product scale {@code s_x s_w[c]} over output channels: one step of its integer
     *     accumulator (0: float input)
     */
    public record ExportedLayer(String path, String kind, boolean integerInput, int inputBits, int weightBits,
            boolean foldedNorm, boolean narrowClip, float outputLsb) {}
}
