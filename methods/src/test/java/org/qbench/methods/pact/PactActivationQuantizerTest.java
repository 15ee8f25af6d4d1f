package org.qbench.methods.pact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.qbench.methods.quant.Autograd;
import org.qbench.methods.quant.WithManager;

/** PACT's activation quantizer against its closed form, including the exact alpha gradient (Choi et al., 2018). */
class PactActivationQuantizerTest extends WithManager {

    private PactActivationQuantizer quantizer(int bits, float alpha, int n) {
        PactActivationQuantizer q = new PactActivationQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, new Shape(n));
        q.setAlpha(alpha);
        return q;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void forwardAndGradientsMatchPact(int bits) {
        float alpha = 2f; // step alpha/L
        float l = (1 << bits) - 1;
        float step = alpha / l;
        float[] x = {-1f, 0.5f * step, 1.5f * step, 0.7f, 1.99f, 2.5f, 6f, 0.01f};
        float[] up = {1, 2, 3, 4, 5, 6, 7, 8};
        PactActivationQuantizer q = quantizer(bits, alpha, x.length);
        Autograd.Result r = Autograd.run(q, manager, x, new Shape(x.length), up, "alpha");
        double dAlpha = 0;
        for (int i = 0; i < x.length; i++) {
            float y = Math.min(Math.max(x[i], 0f), alpha);
            assertEquals((float) Math.rint(y / step) * step, r.y()[i], 1e-6f, "y_q[" + i + "]");
            boolean inside = x[i] > 0 && x[i] < alpha;
            assertEquals(inside ? up[i] : 0f, r.dx()[i], 0f, "dx[" + i + "]");
            dAlpha += x[i] > alpha ? up[i] : 0; // PACT: d y_q / d alpha = 1[x >= alpha], nothing from the round
        }
        assertEquals(dAlpha, r.dParam()[0], 1e-5, "d alpha");
    }

    @Test
    void halfStepTiesRoundToEven() {
        PactActivationQuantizer q = quantizer(2, 3f, 3); // step 1
        float[] y = Autograd.run(q, manager, new float[] {0.5f, 1.5f, 2.5f}, new Shape(3), new float[3], null).y();
        assertEquals(0f, y[0]);
        assertEquals(2f, y[1]);
        assertEquals(2f, y[2]);
    }

    @Test
    void alphaStartsAtTenAndExportReproducesTheValues() {
        PactActivationQuantizer q = new PactActivationQuantizer(4);
        q.initialize(manager, DataType.FLOAT32, new Shape(5));
        assertEquals(PactActivationQuantizer.ALPHA_INIT, q.alpha());
        float[] x = {-3f, 0.4f, 5.2f, 9.99f, 12f};
        float[] y = Autograd.run(q, manager, x, new Shape(5), new float[5], null).y();
        var exported = q.export(manager.create(x));
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], exported.codes()[i] * exported.scales()[0], 1e-5f);
        }
        assertThrows(IllegalArgumentException.class, () -> new PactActivationQuantizer(0));
    }

    /** Every bit width with a clip at 0, below 0, under the floor, and just above it. */
    static Stream<Arguments> collapsedClips() {
        return IntStream.rangeClosed(1, 8).boxed().flatMap(bits -> Stream.of(0f, -1f, 1e-4f, 2e-3f)
                .map(alpha -> Arguments.of(bits, alpha)));
    }

    @ParameterizedTest(name = "{0} bits, alpha {1}")
    @MethodSource("collapsedClips")
    void aCollapsedClipIsFlooredWithFiniteValuesGradientsAndCodes(int bits, float alpha) {
        float aEff = Math.max(alpha, PactActivationQuantizer.MIN_ALPHA);
        float step = aEff / ((1 << bits) - 1);
        float[][] inputs = {
            {-1f, 0f, 0.4f * step, 2e-4f, 1.5e-3f, 0.3f, 5f}, // no input sits on 0 < x == alpha~ ties
            new float[7], // all zeros
        };
        float[] up = {1, 2, 3, 4, 5, 6, 7};
        for (float[] x : inputs) {
            PactActivationQuantizer q = quantizer(bits, alpha, x.length);
            Autograd.Result r = Autograd.run(q, manager, x, new Shape(x.length), up, "alpha");
            var exported = q.export(manager.create(x));
            assertTrue(Float.isFinite(exported.scales()[0]) && exported.scales()[0] > 0, "export scale");
            assertEquals(step, exported.scales()[0], 0f, "scale alpha~ / L");
            double dAlpha = 0;
            for (int i = 0; i < x.length; i++) {
                float y = Math.min(Math.max(x[i], 0f), aEff);
                assertEquals((float) Math.rint(y / step) * step, r.y()[i], 0f, "y_q[" + i + "] on the floored grid");
                assertEquals(r.y()[i], exported.codes()[i] * exported.scales()[0], 0f, "code x scale = y_q[" + i + "]");
                assertEquals(x[i] > 0 && x[i] < aEff ? up[i] : 0f, r.dx()[i], 0f, "dx[" + i + "]");
                dAlpha += x[i] > aEff ? up[i] : 0; // PACT's alpha gradient, kept below the floor (straight-through)
            }
            assertTrue(Float.isFinite(r.dParam()[0]), "d alpha finite");
            assertEquals(dAlpha, r.dParam()[0], 1e-5, "d alpha");
        }
    }
}
