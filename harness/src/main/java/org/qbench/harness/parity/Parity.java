package org.qbench.harness.parity;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;

/**
 * The simulated-vs-integer parity of a trained network: per quantized layer on one batch of test samples, and
 * end to end as the task's primary metric on its whole test set with every exportable layer computed by integer
 * kernels.
 *
 * @param images test samples the per-layer comparison used
 * @param layers per quantized layer, in forward order; layers without an integer form of their input (the first
 *     layer's normalised image) are not listed
 * @param floatLayers how many quantized layers stayed in float for that reason
 * @param metric the metric compared end to end (null in results written before it was recorded: top-1)
 * @param unit its unit (null in those results: %)
 * @param simulated the metric of the fake-quant network (results before: {@code simulated_top1})
 * @param integer the metric with integer kernels in every listed layer (results before: {@code integer_top1})
 */
public record Parity(
        int images, List<LayerParity> layers, int floatLayers, String metric, String unit,
        @JsonAlias("simulated_top1") double simulated, @JsonAlias("integer_top1") double integer) {

    /** Copies the list; fills the metric of results written before it was recorded. */
    public Parity {
        layers = List.copyOf(layers);
        metric = metric == null ? "top1" : metric;
        unit = unit == null ? "%" : unit;
    }

    /**
     * A metric and its unit.
     *
     * @param metric metric id
     * @param unit unit
     */
    public record Measured(String metric, String unit) {}

    /** The metric compared end to end. */
    public Measured measured() {
        return new Measured(metric, unit);
    }

    /** The largest per-layer difference, in LSBs (0 when no layer was compared). */
    public double maxDiffLsb() {
        return layers.stream().mapToDouble(LayerParity::maxDiffLsb).max().orElse(0);
    }
}
