package org.qbench.methods.quant;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a quantizer forward and backward once, for closed-form tests of every method. */
public final class Autograd {

    private Autograd() {}

    /**
     * What autograd produced.
     *
     * @param y forward values
     * @param dx gradient of {@code sum(y * upstream)} w.r.t. the input
     * @param dParam gradient w.r.t. the named parameter (empty when none was named)
     */
    public record Result(float[] y, float[] dx, float[] dParam) {}

    /**
     * Forward and backward of {@code sum(quantizer(x) * upstream)}.
     *
     * @param parameter the quantizer parameter whose gradient to return, or null
     */
    public static Result run(Quantizer quantizer, NDManager manager, float[] values, Shape shape, float[] upstream, String parameter) {
        Gradients g = gradients(quantizer, manager, values, shape, upstream,
                parameter == null ? List.of() : List.of(parameter));
        return new Result(g.y(), g.dx(), parameter == null ? new float[0] : g.parameters().get(parameter));
    }

    /**
     * What one backward produced for several parameters at once (DJL adds up gradients over separate backward
     * passes, so a quantizer's parameters are read after the same one).
     *
     * @param y forward values
     * @param dx gradient of {@code sum(y * upstream)} w.r.t. the input
     * @param parameters gradient w.r.t. each named parameter
     */
    public record Gradients(float[] y, float[] dx, Map<String, float[]> parameters) {}

    /** Forward and backward of {@code sum(quantizer(x) * upstream)}, with the gradients of the named parameters. */
    public static Gradients gradients(Quantizer quantizer, NDManager manager, float[] values, Shape shape,
            float[] upstream, List<String> parameters) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(values, shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = quantizer.quantize(new ParameterStore(scope, false), x, true);
                gc.backward(y.mul(scope.create(upstream, shape)).sum());
                Map<String, float[]> grads = new LinkedHashMap<>();
                for (String p : parameters) {
                    grads.put(p, quantizer.getParameters().get(p).getArray().getGradient().toFloatArray());
                }
                return new Gradients(y.toFloatArray(), x.getGradient().toFloatArray(), grads);
            }
        }
    }

    /** Asserts every value is finite, naming the first that is not. */
    public static void assertFinite(float[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            org.junit.jupiter.api.Assertions.assertTrue(Float.isFinite(v[i]), what + "[" + i + "] = " + v[i]);
        }
    }
}
