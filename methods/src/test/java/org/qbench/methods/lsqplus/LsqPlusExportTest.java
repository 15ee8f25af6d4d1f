package org.qbench.methods.lsqplus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.quant.EngineArrays;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.WithManager;

/**
 * The integer form of both LSQ+ grids: codes, scales and zero points (or offsets) reproduce the fake-quantized tensor
 * bit for bit, per tensor, per channel of the last axis and per head (axis 1), at ties and clipped values too.
 */
class LsqPlusExportTest extends WithManager {

    private static final Shape TOKENS = new Shape(2, 5, 6);
    private static final Shape HEADS = new Shape(2, 3, 4, 5);

    private static float[] values(Random rnd, int n, float s) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // a third exact ties (half-integer multiples of the step), the rest gaussian, some far outside the grid
            v[i] = i % 3 == 0 ? (float) ((rnd.nextInt(41) - 20) * 0.5 * s) : (float) (rnd.nextGaussian() * 6 * s);
        }
        return v;
    }

    @ParameterizedTest(name = "{0} axis {1} {2} bits signed {3}")
    @CsvSource({"ZERO_POINT,-1,4,true", "ZERO_POINT,-1,4,false", "ZERO_POINT,1,4,true", "ZERO_POINT,MIN,3,false",
        "ZERO_POINT,-1,8,true", "OFFSET,MIN,4,false", "OFFSET,-1,2,false", "OFFSET,1,4,false"})
    void codesScalesAndZeroPointsReproduceTheFakeQuantizedTensorExactly(String form, String axisName, int bits,
            boolean signed) {
        Random rnd = new Random(11 + bits);
        int axis = axisName.equals("MIN") ? Integer.MIN_VALUE : Integer.parseInt(axisName);
        Shape shape = axis == 1 ? HEADS : TOKENS;
        LsqPlusQuantizer q = new LsqPlusQuantizer(bits, axis, LsqPlusQuantizer.Form.valueOf(form));
        q.initialize(manager, DataType.FLOAT32, shape);
        int channels = axis == Integer.MIN_VALUE ? 1 : (int) (axis == 1 ? shape.get(1) : shape.get(shape.dimension() - 1));
        float[] s = new float[channels];
        float[] o = new float[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = (float) (0.05 + 0.3 * rnd.nextDouble());
            // zero points with a fractional part (the parameter is real; the forward rounds it), offsets real
            o[c] = form.equals("ZERO_POINT") ? (float) (rnd.nextInt(7) - 5 + (c % 2 == 0 ? 0.3 : -0.4))
                    : (float) (rnd.nextGaussian() * 0.5);
        }
        if (form.equals("ZERO_POINT")) {
            q.setZeroPoint(s, o, signed);
        } else {
            q.set(s, o);
        }
        float[] x = values(rnd, (int) shape.size(), s[0]);
        float[] simulated = q.quantize(new ParameterStore(manager, false), EngineArrays.of(manager, x, shape), false)
                .toFloatArray();
        ExportedTensor e = q.export(EngineArrays.of(manager, x, shape));
        assertArrayEquals(shape.getShape(), e.shape());
        assertEquals(axis == Integer.MIN_VALUE ? -1 : axis == 1 ? 1 : shape.dimension() - 1, e.channelAxis());
        assertEquals(form.equals("ZERO_POINT"), e.zeroPoints().length == channels);
        assertEquals(form.equals("OFFSET"), e.offsets().length == channels);
        for (int i = 0; i < x.length; i++) {
            int c = e.channelOf(i);
            int code = e.codes()[i];
            assertTrue(code >= q.qn() && code <= q.qp(), "code " + code + " outside [" + q.qn() + ", " + q.qp() + "]");
            if (form.equals("ZERO_POINT")) {
                assertEquals((int) Math.rint(o[c]), e.zeroPoint(c));
            }
            assertEquals(simulated[i], e.value(i), 0f, "element " + i + " (x = " + x[i] + ", code " + code + ")");
        }
    }
}
