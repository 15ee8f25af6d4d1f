package org.qbench.hardware.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.qbench.hardware.peak.MachinePeak;
import org.qbench.hardware.profile.Profiles;

/**
 * The ONNX Runtime kernels against the scalar Java references on small shapes: {@code ort-matmulinteger}'s int32
 * results equal {@code int8-scalar}'s exactly on random codes (and on extreme ones where MLAS promises exactness),
 * {@code ort-fp32-matmul} agrees with the exact sum within float rounding; and they are registered after every Java
 * kernel, so no layer is ever computed on them.
 */
class OrtKernelsTest {

    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {2, 4, 63}, {5, 9, 65}, {17, 13, 129}, {4, 6, 577}};
    private static final Codes U8 = new Codes(8, false);
    private static final Codes S8 = new Codes(8, true);

    /** Exactness MLAS promises for u8 x s8: with 8-bit dot-product instructions, or off x86 (see {@link OrtKernels}). */
    static boolean u8s8Exact() {
        String arch = System.getProperty("os.arch");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        var flags = MachinePeak.observe().flags();
        return !x86 || flags.contains("avx512_vnni") || flags.contains("avx_vnni");
    }

    private static void assertMatchesReference(GemmKernel kernel, Codes ca, Codes cw, String pattern, long seed) {
        Random rnd = new Random(seed);
        GemmKernel reference = Kernels.get("int8-scalar");
        for (int[] d : SHAPES) {
            GemmShape s = new GemmShape(d[0], d[1], d[2]);
            int[] a = KernelsTest.fill(ca, s.m() * s.k(), pattern, rnd);
            int[] w = KernelsTest.fill(cw, s.n() * s.k(), pattern, rnd);
            try (GemmKernel.Prepared ort = kernel.prepare(s, ca, a, cw, w);
                    GemmKernel.Prepared ref = reference.prepare(s, ca, a, cw, w)) {
                ort.run();
                ref.run();
                for (int m = 0; m < s.m(); m++) {
                    for (int n = 0; n < s.n(); n++) {
                        assertEquals(ref.output(m, n), ort.output(m, n), kernel.id() + " " + ca + " x " + cw + " " + s
                                + " " + pattern + " at [" + m + "][" + n + "]");
                    }
                }
            }
        }
    }

    @Test
    void matMulIntegerEqualsTheScalarReferenceExactlyOnRandomUint8TimesInt8Codes() {
        Assumptions.assumeTrue(u8s8Exact(), "x86 without VNNI: MLAS's u8 x s8 path saturates int16 pair sums");
        assertMatchesReference(OrtKernels.MATMUL_INTEGER, U8, S8, "random", 1);
        assertMatchesReference(OrtKernels.MATMUL_INTEGER, U8, S8, "max", 2);
        assertMatchesReference(OrtKernels.MATMUL_INTEGER, U8, S8, "alternating", 3);
    }

    @Test
    void matMulIntegerTakesEitherSignAndNarrowerCodes() {
        assertMatchesReference(OrtKernels.MATMUL_INTEGER, U8, U8, "random", 4);
        assertMatchesReference(OrtKernels.MATMUL_INTEGER, S8, S8, "random", 5);
        assertMatchesReference(OrtKernels.MATMUL_INTEGER, new Codes(4, false), new Codes(4, true), "random", 6);
        assertFalse(OrtKernels.MATMUL_INTEGER.supports(new Codes(1, true), new Codes(1, true)));
        assertThrows(IllegalArgumentException.class,
                () -> OrtKernels.MATMUL_INTEGER.prepare(new GemmShape(1, 1, 2), U8, new int[] {0, 256}, S8, new int[2]));
    }

    @Test
    void fp32MatMulAgreesWithTheExactSumWithinFloatRounding() {
        Random rnd = new Random(7);
        for (int[] d : SHAPES) {
            GemmShape s = new GemmShape(d[0], d[1], d[2]);
            int[] a = KernelsTest.fill(U8, s.m() * s.k(), "random", rnd);
            int[] w = KernelsTest.fill(S8, s.n() * s.k(), "random", rnd);
            long[] exact = Gemm.reference(s, a, w);
            try (GemmKernel.Prepared p = OrtKernels.FP32_MATMUL.prepare(s, U8, a, S8, w)) {
                p.run();
                p.run(); // a second run overwrites, it does not accumulate
                for (int m = 0; m < s.m(); m++) {
                    for (int n = 0; n < s.n(); n++) {
                        long e = exact[m * s.n() + n];
                        // float32 sums of k products: relative error within k ulps of the largest partial sum
                        double tol = 1 + s.k() * Math.ulp((float) (s.k() * 255 * 128));
                        assertEquals(e, p.output(m, n), tol, s + " at [" + m + "][" + n + "]");
                    }
                }
            }
        }
    }

    @Test
    void smallSumsAreExactInFloatToo() {
        GemmShape s = new GemmShape(2, 3, 4);
        int[] a = {1, 2, 3, 4, 5, 6, 7, 8};
        int[] w = {1, 0, 0, 0, 0, 1, 0, 0, -1, -1, -1, -1};
        try (GemmKernel.Prepared p = OrtKernels.FP32_MATMUL.prepare(s, U8, a, S8, w)) {
            p.run();
            long[] expected = {1, 2, -10, 5, 6, -26};
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], p.output(i / 3, i % 3), "entry " + i);
            }
        }
    }

    @Test
    void theRuntimesKernelsComeAfterEveryJavaKernelOfTheirWidthAndHaveJavaReferences() {
        for (GemmKernel ort : new GemmKernel[] {OrtKernels.MATMUL_INTEGER, OrtKernels.FP32_MATMUL}) {
            assertEquals(ort, Kernels.get(ort.id()));
            int at = Kernels.all().indexOf(ort);
            for (GemmKernel k : Kernels.all().subList(at, Kernels.all().size())) {
                assertTrue(k.id().startsWith("ort-"), "a Java kernel after " + ort.id() + ": " + k.id());
            }
            assertFalse(Kernels.referenceFor(ort).id().startsWith("ort-"));
        }
        assertEquals("ONNX Runtime 1.23.2 (CPU provider, 1 intra-op thread, Java API)",
                OrtKernels.MATMUL_INTEGER.runtime().orElseThrow());
        assertTrue(Kernels.get("int8-simd").runtime().isEmpty(), "a Java kernel names no native runtime");
        assertEquals("int8-scalar", Kernels.referenceFor(OrtKernels.MATMUL_INTEGER).id());
        assertEquals("fp32-java", Kernels.referenceFor(OrtKernels.FP32_MATMUL).id());
    }

    @Test
    void theOrtCpuProfileListsExactlyTheRuntimesKernelsAndItsConstraints() {
        var p = Profiles.builtIn().get("ort-cpu");
        assertTrue(p.runnableHere());
        assertEquals(java.util.List.of("ort-matmulinteger", "ort-fp32-matmul"), p.kernels());
        assertEquals(java.util.List.of(8), p.constraints().weightBits());
        assertEquals(java.util.List.of(8), p.constraints().activationBits());
        assertFalse(p.constraints().symmetricOnly());
        assertFalse(p.constraints().powerOfTwoScales());
        assertEquals(java.util.List.of("per-tensor", "per-channel"), p.constraints().granularities());
        assertTrue(p.description().contains("per-channel for weights only"), p.description());
        assertTrue(p.peaks().isEmpty(), "peaks are derived at run time, never shipped");
    }

    @Test
    void transposeTurnsWeightRowsIntoMatMulsKByN() {
        assertEquals(java.util.List.of(1, 4, 2, 5, 3, 6),
                java.util.Arrays.stream(OrtKernels.transpose(new int[] {1, 2, 3, 4, 5, 6}, 2, 3)).boxed().toList());
    }
}
