package org.qbench.harness.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.qbench.methods.ProductKind;
import org.qbench.methods.layers.LayerInterceptor;
import org.qbench.methods.layers.QuantMatMul;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.packqvit.Log2Softmax;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.tasks.IntegerCheck;
import org.qbench.tasks.Metric;

/**
 * The parity check the harness asks a task to run after training ({@code --parity}), through the task's generic
 * {@link IntegerCheck}: a per-layer pass over the first {@value #SAMPLES} test samples records how each quantized
 * layer's integer computation ({@link IntegerLayer}) compares with its fake-quant output, leaving outputs alone;
 * then the task's whole evaluation runs again with every exportable layer's output replaced by the integer
 * computation. A transformer's attention products and log2 softmax are checked the same way, stage by stage
 * ({@link IntegerAttention}), and replaced in the integer evaluation too. {@link #result()} is the record a result
 * file keeps.
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
        return new OnIntegers();
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

    /** Collects per-layer comparisons of one forward pass, attention stages included. */
    static final class Comparing implements LayerInterceptor {
        private final List<LayerParity> layers = new ArrayList<>();
        private final java.util.Map<String, java.lang.Integer> perRole = new java.util.HashMap<>();
        private final IntegerAttention attention = new IntegerAttention();
        private int index;
        private int floatLayers;
        private int samples;

        @Override
        public NDArray forward(QuantizedLayer layer, NDArray input, NDArray fakeQuant) {
            int i = index++;
            String role = layer.role().name().toLowerCase(Locale.ROOT);
            String name = role + " " + (perRole.merge(role, 1, Integer::sum) - 1);
            samples = (int) input.getShape().get(0);
            Optional<IntegerLayer> computed = IntegerLayer.of(layer, input);
            if (computed.isEmpty()) {
                floatLayers++;
            } else {
                layers.add(compare(i, name, position(layer.position()), layer.weightQuantizer().bits(),
                        layer.inputQuantizer().bits(), computed.get(), fakeQuant.toFloatArray()));
            }
            return fakeQuant;
        }

        @Override
        public NDArray product(QuantMatMul product, NDArray left, NDArray right, NDArray fakeQuant) {
            int i = index++;
            boolean scores = product.kind() == ProductKind.SCORES;
            IntegerAttention.IntegerProduct computed = scores
                    ? attention.scores(product, left, right) : attention.context(product, left, right);
            float[] out = fakeQuant.toFloatArray();
            if (scores) {
                attention.scoresOut(out);
            }
            if (computed == null) {
                floatLayers++;
            } else {
                String name = "L" + attention.block() + (scores ? " attn q*k^T" : " attn*v");
                layers.add(compare(i, name, position(product.role().position()), product.rightBits(), product.leftBits(),
                        computed, out));
            }
            return fakeQuant;
        }

        @Override
        public NDArray softmax(Block softmax, NDArray logits, NDArray output) {
            if (!(softmax instanceof Log2Softmax log2)) {
                return output;
            }
            int i = index++;
            int[] integer = attention.exponents(log2, logits);
            if (integer == null) {
                floatLayers++;
                return output;
            }
            int[] simulated = Log2Softmax.exponents(Log2Softmax.base2Softmax(logits, log2.axis()), log2.bits());
            int maxExponent = Log2Softmax.maxExponent(log2.bits());
            int worst = 0;
            long equal = 0;
            for (int e = 0; e < integer.length; e++) {
                int a = integer[e] == Log2Softmax.ZERO ? maxExponent + 1 : integer[e];
                int b = simulated[e] == Log2Softmax.ZERO ? maxExponent + 1 : simulated[e];
                worst = Math.max(worst, Math.abs(a - b));
                equal += a == b ? 1 : 0;
            }
            layers.add(new LayerParity(i, "L" + attention.block() + " attn softmax->exponents", "hidden",
                    "int-2^x-softmax", log2.bits(), log2.bits(), integer.length, worst, (double) equal / integer.length));
            return output;
        }
    }

    private static String position(org.qbench.methods.LayerPosition p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Computes every exportable quantized layer and attention stage with integers, and hands the integer result on in
     * place of the fake-quant one.
     */
    static final class OnIntegers implements LayerInterceptor {
        private final IntegerAttention attention = new IntegerAttention();

        @Override
        public NDArray forward(QuantizedLayer layer, NDArray input, NDArray fakeQuant) {
            return IntegerLayer.of(layer, input).map(il -> (NDArray) values(fakeQuant, il)).orElse(fakeQuant);
        }

        @Override
        public NDArray product(QuantMatMul product, NDArray left, NDArray right, NDArray fakeQuant) {
            boolean scores = product.kind() == ProductKind.SCORES;
            IntegerAttention.IntegerProduct computed = scores
                    ? attention.scores(product, left, right) : attention.context(product, left, right);
            NDArray out = computed == null ? fakeQuant : values(fakeQuant, computed);
            if (scores) {
                attention.scoresOut(out.toFloatArray());
            }
            return out;
        }

        @Override
        public NDArray softmax(Block softmax, NDArray logits, NDArray output) {
            if (!(softmax instanceof Log2Softmax log2)) {
                return output;
            }
            int[] integer = attention.exponents(log2, logits);
            if (integer == null) {
                return output;
            }
            float[] p = new float[integer.length];
            for (int e = 0; e < p.length; e++) {
                p[e] = Log2Softmax.level(integer[e]);
            }
            return EngineArrays.of(output.getManager(), p, output.getShape());
        }

        private static NDArray values(NDArray like, IntegerOutput o) {
            float[] values = new float[o.size()];
            for (int e = 0; e < values.length; e++) {
                values[e] = (float) o.value(e);
            }
            return EngineArrays.of(like.getManager(), values, new Shape(o.outputShape()));
        }
    }

    static LayerParity compare(int index, QuantizedLayer layer, IntegerLayer il, float[] fakeQuant) {
        return compare(index, null, position(layer.position()), layer.weightQuantizer().bits(),
                layer.inputQuantizer().bits(), il, fakeQuant);
    }

    /**
     * Differences in reported LSBs ({@code 2^extraBits} accumulator units) between the fake-quant output and the
     * integer one; the exact fraction counts outputs whose fake-quant value rounds to the accumulator itself.
     */
    static LayerParity compare(int index, String name, String position, int weightBits, int inputBits, IntegerOutput il,
            float[] fakeQuant) {
        if (fakeQuant.length != il.size()) {
            throw new IllegalStateException("layer " + index + ": fake-quant output has " + fakeQuant.length
                    + " values, the integer one " + il.size());
        }
        double maxDiff = 0;
        long exact = 0;
        double unit = Math.scalb(1.0, il.extraBits());
        for (int e = 0; e < fakeQuant.length; e++) {
            double inLsb = il.inAccumulatorUnits(e, fakeQuant[e]);
            maxDiff = Math.max(maxDiff, Math.abs(inLsb - il.acc(e)) / unit);
            exact += Math.round(inLsb) == il.acc(e) ? 1 : 0;
        }
        return new LayerParity(index, name, position, il.kernel(), weightBits, inputBits, fakeQuant.length, maxDiff,
                (double) exact / fakeQuant.length);
    }
}
