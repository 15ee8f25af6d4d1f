package org.qbench.methods.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.qbench.methods.Granularity;
import org.qbench.methods.QuantSpec;
import org.qbench.methods.binary.BinaryActivationQuantizer;
import org.qbench.methods.binary.BinaryOperator;
import org.qbench.methods.dorefa.DorefaActivationQuantizer;
import org.qbench.methods.lsq.LsqQuantizer;
import org.qbench.methods.lsqplus.LsqPlusQuantizer;
import org.qbench.methods.n2uq.N2uqActivationQuantizer;
import org.qbench.methods.pact.PactActivationQuantizer;

/**
 * Each declared run-time grid against its quantizer's own forward: {@code (clamp(rint(x / s) + z) - z) * s}, what
 * ONNX's QuantizeLinear then DequantizeLinear compute, equals the fake-quantized value to float rounding, for every
 * width and signedness; the quantizers no affine grid expresses refuse with their reason.
 */
class RuntimeGridTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static final Shape SHAPE = new Shape(4096);

    private float[] data(float spread) {
        Random r = new Random(5);
        float[] v = new float[(int) SHAPE.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = spread * (float) r.nextGaussian();
        }
        return v;
    }

    /** The grid's QuantizeLinear/DequantizeLinear equals the forward, element by element, within two ulps of the value. */
    private void matchesForward(Quantizer q, float spread) {
        float[] x = data(spread);
        NDArray in = EngineArrays.of(manager, x, SHAPE);
        float[] y = q.quantize(new ParameterStore(manager, false), in, false).toFloatArray();
        RuntimeGrid g = q.runtimeGrid();
        assertTrue(g.isAffine(), q + ": " + g);
        int hits = 0;
        for (int i = 0; i < x.length; i++) {
            int code = Math.min(Math.max((int) Math.rint(x[i] / g.scale()) + g.zeroPoint(), g.minCode()), g.maxCode());
            float onGrid = (code - g.zeroPoint()) * g.scale();
            assertEquals(y[i], onGrid, 2 * Math.ulp(Math.max(Math.abs(onGrid), g.scale())), "x = " + x[i] + " of " + q.getClass().getSimpleName());
            hits += code == g.minCode() || code == g.maxCode() ? 1 : 0;
        }
        assertTrue(hits > 0, "the data reaches the grid's ends, so the clamp is checked too");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void lsqSignedAndUnsigned(int bits) {
        for (boolean signed : new boolean[] {true, false}) {
            LsqQuantizer q = new LsqQuantizer(QuantSpec.perTensor(bits, signed));
            q.initialize(manager, DataType.FLOAT32, SHAPE);
            q.setStepSize(0.037f);
            matchesForward(q, 0.05f * (1 << bits));
            assertEquals(new QuantSpec(bits, signed, Granularity.PER_TENSOR, true).minCode(), q.runtimeGrid().minCode());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void pactClipsAtAlpha(int bits) {
        PactActivationQuantizer q = new PactActivationQuantizer(bits);
        q.initialize(manager, DataType.FLOAT32, SHAPE);
        q.setAlpha(1.7f);
        matchesForward(q, 2f);
        assertEquals(0, q.runtimeGrid().minCode());
        assertEquals((1 << bits) - 1, q.runtimeGrid().maxCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void dorefaActivationsSignedAndUnsigned(int bits) {
        matchesForward(new DorefaActivationQuantizer(bits), 1.5f);
        matchesForward(new DorefaActivationQuantizer(bits, true), 1.5f);
    }

    @Test
    void perChannelLsqStepsHaveNoRunTimeGrid() {
        LsqQuantizer q = new LsqQuantizer(new QuantSpec(4, true, Granularity.PER_CHANNEL, true));
        q.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
        q.setStepSize(0.1f, 0.2f);
        assertTrue(q.runtimeGrid().reason().contains("per-channel"), q.runtimeGrid().toString());
    }

    @Test
    void quantizersNoAffineGridExpressesSayWhy() {
        assertTrue(new N2uqActivationQuantizer(2).runtimeGrid().reason().contains("non-uniform thresholds"));
        assertTrue(new BinaryActivationQuantizer(BinaryOperator.values()[0]).runtimeGrid().reason().contains("1-bit"));
        LsqPlusQuantizer offset = new LsqPlusQuantizer(4);
        assertTrue(offset.runtimeGrid().reason().contains("offset beta is real-valued"), offset.runtimeGrid().toString());
        assertEquals(RuntimeGrid.Kind.PASS_THROUGH, new IdentityQuantizer().runtimeGrid().kind());
    }

    @Test
    void widthValueAndCodeFollowTheGrid() {
        RuntimeGrid u8 = RuntimeGrid.affine(0.5f, 0, 0, 255);
        RuntimeGrid s4 = RuntimeGrid.affine(0.25f, 0, -8, 7);
        RuntimeGrid zp = RuntimeGrid.affine(0.1f, 3, 0, 15);
        assertEquals(8, u8.bits());
        assertEquals(4, s4.bits());
        assertEquals(1, RuntimeGrid.affine(1f, 0, 0, 1).bits());
        assertEquals(-0.3f, zp.value(0), 1e-7f);
        assertEquals(1.75f, s4.value(7));
        assertEquals(0, u8.code(0.25f), "0.5 rounds half to even");
        assertEquals(2, u8.code(0.75f), "1.5 rounds half to even");
        assertEquals(255, u8.code(1e6f));
        assertEquals(0, u8.code(-3f));
        assertEquals(-8, s4.code(-100f));
        assertEquals(7, s4.code(1.9f), "clipped to the narrow grid's top");
        assertEquals(3, zp.code(0f), "zero maps to the zero point");
    }

    @Test
    void gridsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> RuntimeGrid.affine(0f, 0, 0, 255));
        assertThrows(IllegalArgumentException.class, () -> RuntimeGrid.affine(1f, 300, 0, 255));
        assertThrows(IllegalArgumentException.class, () -> RuntimeGrid.affine(1f, 0, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> RuntimeGrid.refused(" "));
    }
}
