package org.qbench.harness.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qbench.tasks.IntegerCheck;
import org.qbench.tasks.Metric;
import org.qbench.methods.layers.LayerInterceptor;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.EngineArrays;

/**
 * The parity check the harness asks a task to run after training ({@code --parity}), through the task's generic
 * {@link IntegerCheck}: a per-layer pass over the first {@value #SAMPLES} test samples records how each quantized
 * layer's integer computation ({@link IntegerLayer}) compares with its fake-quant output, leaving outputs alone;
 * then the task's whole evaluation runs again with every exportable layer's output replaced by the integer
 * computation. {@link #result()} is the record a result file keeps.
 */
public final class ParityCheck implements IntegerCheck {

    /** Test samples of the per-layer comparison. */
    public static final int SAMPLES = 64;

    private final Comparing comparing = new Comparing();
    private List<Metric> simulated;
    private List<Metric> integer;

    @Override
    public int samples() {
        return SAMPLES;
    }

    @Override
    public LayerInterceptor perLayer() {
        return comparing;
    }

    @Override
    public boolean wantsEvaluation() {
        return !comparing.layers.isEmpty();
    }

    @Override
    public LayerInterceptor integer() {
        return INTEGER;
    }

    @Override
    public void evaluated(List<Metric> simulatedMetrics, List<Metric> integerMetrics) {
        this.simulated = List.copyOf(simulatedMetrics);
        this.integer = List.copyOf(integerMetrics);
    }

    /**
     * The parity of the trained model, on the task's primary (first) metric; null when no quantized layer had an
     * integer form (full precision) or the task did not run the check.
     */
    public Parity result() {
        if (comparing.layers.isEmpty() || simulated == null || simulated.isEmpty()) {
            return null;
        }
        Metric primary = simulated.get(0);
        Metric onInteger = integer.stream()
                .filter(m -> m.name().equals(primary.name()) && m.subsetOrEmpty().equals(primary.subsetOrEmpty()))
                .findFirst().orElseThrow(() -> new IllegalStateException("the integer evaluation did not measure "
                        + primary.name()));
        return new Parity(comparing.samples, comparing.layers, comparing.floatLayers, primary.name(), primary.unit(),
                primary.value(), onInteger.value());
    }

    /** Collects per-layer comparisons of one forward pass. */
    static final class Comparing implements LayerInterceptor {
        private final List<LayerParity> layers = new ArrayList<>();
        private int index;
        private int floatLayers;
        private int samples;

        @Override
        public NDArray forward(QuantizedLayer layer, NDArray input, NDArray fakeQuant) {
            int i = index++;
            samples = (int) input.getShape().get(0);
            Optional<IntegerLayer> computed = IntegerLayer.of(layer, input);
            if (computed.isEmpty()) {
                floatLayers++;
            } else {
                layers.add(compare(i, layer, computed.get(), fakeQuant.toFloatArray()));
            }
            return fakeQuant;
        }
    }

    /** Computes every exportable quantized layer with integer kernels. */
    private static final LayerInterceptor INTEGER = (layer, input, fakeQuant) -> IntegerLayer.of(layer, input).map(il -> {
        float[] values = new float[il.acc().length];
        for (int e = 0; e < values.length; e++) {
            values[e] = (float) il.value(e);
        }
        return EngineArrays.of(fakeQuant.getManager(), values, new Shape(il.outputShape()));
    }).orElse(fakeQuant);

    static LayerParity compare(int index, QuantizedLayer layer, IntegerLayer il, float[] fakeQuant) {
        if (fakeQuant.length != il.acc().length) {
            throw new IllegalStateException("layer " + index + ": fake-quant output has " + fakeQuant.length
                    + " values, the integer one " + il.acc().length);
        }
        double maxDiff = 0;
        long exact = 0;
        for (int e = 0; e < fakeQuant.length; e++) {
            int o = il.channel(e);
            double inLsb = (fakeQuant[e] - (il.bias() == null ? 0 : il.bias()[o])) / il.lsb()[o];
            maxDiff = Math.max(maxDiff, Math.abs(inLsb - il.acc()[e]));
            exact += Math.round(inLsb) == il.acc()[e] ? 1 : 0;
        }
        return new LayerParity(index, layer.position().name().toLowerCase(java.util.Locale.ROOT), il.kernel(),
                layer.weightQuantizer().bits(), layer.inputQuantizer().bits(), fakeQuant.length, maxDiff,
                (double) exact / fakeQuant.length);
    }
}
