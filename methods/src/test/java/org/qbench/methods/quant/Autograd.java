package org.qbench.methods.quant;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

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
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(values, shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = quantizer.quantize(new ParameterStore(scope, false), x, true);
                gc.backward(y.mul(scope.create(upstream, shape)).sum());
                float[] dParam = parameter == null
                        ? new float[0]
                        : quantizer.getParameters().get(parameter).getArray().getGradient().toFloatArray();
                return new Result(y.toFloatArray(), x.getGradient().toFloatArray(), dParam);
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
