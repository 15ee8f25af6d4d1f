package org.qbench.tasks.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qbench.methods.layers.LayerInterceptor;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.EngineArrays;

/**
 * The two interceptors of the parity check, for a task to install around its own forward passes
 * ({@code QuantizedLayers.intercept}): {@link #comparing} leaves the network's outputs alone and records, per
 * quantized layer, how its integer computation ({@link IntegerLayer}) compares with its fake-quant output;
 * {@link #integer} replaces each exportable layer's output with the integer computation, so a whole evaluation
 * runs on integer kernels.
 */
public final class ParityCheck {

    private ParityCheck() {}

    /** Collects per-layer comparisons of one forward pass. */
    public static final class Comparing implements LayerInterceptor {
        private final List<LayerParity> layers = new ArrayList<>();
        private int index;
        private int floatLayers;

        @Override
        public NDArray forward(QuantizedLayer layer, NDArray input, NDArray fakeQuant) {
            int i = index++;
            Optional<IntegerLayer> computed = IntegerLayer.of(layer, input);
            if (computed.isEmpty()) {
                floatLayers++;
            } else {
                layers.add(compare(i, layer, computed.get(), fakeQuant.toFloatArray()));
            }
            return fakeQuant;
        }

        /** The comparisons so far, in forward order. */
        public List<LayerParity> layers() {
            return List.copyOf(layers);
        }

        /** Quantized layers left in float (no integer form of their input). */
        public int floatLayers() {
            return floatLayers;
        }
    }

    /** An interceptor that records comparisons and changes nothing. */
    public static Comparing comparing() {
        return new Comparing();
    }

    /** An interceptor that computes every exportable quantized layer with integer kernels. */
    public static LayerInterceptor integer() {
        return (layer, input, fakeQuant) -> IntegerLayer.of(layer, input).map(il -> {
            float[] values = new float[il.acc().length];
            for (int e = 0; e < values.length; e++) {
                values[e] = (float) il.value(e);
            }
            return EngineArrays.of(fakeQuant.getManager(), values, new Shape(il.outputShape()));
        }).orElse(fakeQuant);
    }

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
