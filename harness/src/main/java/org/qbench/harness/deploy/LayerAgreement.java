package org.qbench.harness.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.qbench.hardware.onnx.OrtModel;
import org.qbench.methods.layers.QuantizedLayers;
import org.qbench.methods.quant.RuntimeGrid;

/**
 * How far the runtime's integer codes are from the simulation's, layer by layer, on one batch: the codes each
 * quantized layer's input gets on ONNX Runtime (the probe export's {@code QuantizeLinear} outputs) against the codes
 * its input quantizer gives the simulated network's input to that layer ({@code round(x / s) + z}, clamped).
 *
 * @param path the layer's place in the block tree
 * @param values codes compared
 * @param differing codes that differ
 * @param maxLsb the largest difference, in codes (LSBs)
 */
public record LayerAgreement(String path, long values, long differing, int maxLsb) {

    /** All of {@code layers} as one: codes and differing codes summed, the largest difference; path {@code all}. */
    public static LayerAgreement total(List<LayerAgreement> layers) {
        return new LayerAgreement("all", layers.stream().mapToLong(LayerAgreement::values).sum(),
                layers.stream().mapToLong(LayerAgreement::differing).sum(),
                layers.stream().mapToInt(LayerAgreement::maxLsb).max().orElse(0));
    }

    /** The fraction of codes that agree exactly. */
    public double exactFraction() {
        return values == 0 ? 1.0 : 1.0 - (double) differing / values;
    }

    /**
     * Compares the probe export {@code probe} of {@code network} with the network itself on {@code batch}.
     *
     * @throws IllegalStateException when the probe's outputs and the network's integer layers do not line up
     */
    public static List<LayerAgreement> measure(Block network, ExportedModel probe, NDArray batch, NDManager manager) {
        List<int[]> simulated = new ArrayList<>();
        try (QuantizedLayers.Scope scope = QuantizedLayers.intercept((layer, input, fakeQuant) -> {
            RuntimeGrid g = layer.inputQuantizer().runtimeGrid();
            if (g.isAffine() && layer.weightQuantizer().bits() <= 8) {
                simulated.add(codes(input, g));
            }
            return fakeQuant;
        })) {
            network.forward(new ParameterStore(manager, false), new NDList(batch), false);
        }
        List<OrtModel.Output> outputs;
        try (OrtModel ort = new OrtModel(probe.onnx(), 1)) {
            outputs = ort.runAll(batch.toFloatArray(), batch.getShape().getShape());
        }
        List<ExportedModel.ExportedLayer> integer = probe.layers().stream().filter(ExportedModel.ExportedLayer::integerInput).toList();
        if (outputs.size() - 1 != simulated.size() || integer.size() != simulated.size()) {
            throw new IllegalStateException("the probe has " + (outputs.size() - 1) + " code outputs for " + simulated.size()
                    + " integer layers of the network");
        }
        List<LayerAgreement> result = new ArrayList<>();
        for (int l = 0; l < simulated.size(); l++) {
            int[] sim = simulated.get(l);
            float[] run = outputs.get(l + 1).values();
            long differing = 0;
            int max = 0;
            for (int i = 0; i < sim.length; i++) {
                int d = Math.abs(sim[i] - Math.round(run[i]));
                if (d != 0) {
                    differing++;
                    max = Math.max(max, d);
                }
            }
            result.add(new LayerAgreement(integer.get(l).path(), sim.length, differing, max));
        }
        return result;
    }

    /** The codes the grid gives the simulated input, as the exported graph computes them. */
    private static int[] codes(NDArray input, RuntimeGrid g) {
        float[] x = input.toFloatArray();
        int[] c = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = g.code(x[i]);
        }
        return c;
    }
}
