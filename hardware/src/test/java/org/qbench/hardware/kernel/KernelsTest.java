package org.qbench.hardware.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel bit-exact against the 64-bit ground truth (so every fast kernel against its scalar reference)
 * on random codes and on extreme ones (all at min, all at max, alternating), for shapes including 1x1x1, odd
 * k, k not a multiple of the pack or vector width, and n not a multiple of the 4-row blocking.
 */
class KernelsTest {

    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 1, 64}, {3, 5, 7}, {2, 4, 63}, {5, 9, 65}, {4, 4, 130}, {7, 3, 200}, {1, 6, 1000}, {17, 13, 129},
        {2, 8, 577},
    };

    static Stream<Arguments> cases() {
        List<Codes[]> pairs = new ArrayList<>();
        for (int bits : new int[] {2, 4, 8}) {
            pairs.add(new Codes[] {new Codes(bits, false), new Codes(bits, true)}); // ReLU activations x weights
            pairs.add(new Codes[] {new Codes(bits, true), new Codes(bits, true)});
            pairs.add(new Codes[] {new Codes(bits, false), new Codes(bits, false)});
        }
        pairs.add(new Codes[] {new Codes(1, true), new Codes(1, true)});
        List<Arguments> out = new ArrayList<>();
        for (GemmKernel k : Kernels.all()) {
            for (Codes[] p : pairs) {
                // float kernels on 4-bit codes only: their sums stay below 2^24, so floats are exact
                if (k.supports(p[0], p[1]) && (k.bits() != 32 || p[0].bits() == 4)) {
                    out.add(Arguments.of(k.id(), p[0], p[1]));
                }
            }
        }
        return out.stream();
    }

    /** {@code n} codes: all min, all max, alternating min/max, or random. Shared by the kernel tests. */
    static int[] fill(Codes c, int n, String pattern, Random rnd) {
        return switch (pattern) {
            case "min" -> filled(n, c.min());
            case "max" -> filled(n, c.max());
            case "alternating" -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 2 == 0 ? c.min() : c.max();
                }
                yield v;
            }
            default -> PackingTest.random(c, n, rnd);
        };
    }

    /** {@code n} copies of {@code value}. */
    static int[] filled(int n, int value) {
        int[] v = new int[n];
        java.util.Arrays.fill(v, value);
        return v;
    }

    @ParameterizedTest(name = "{0}: {1} x {2}")
    @MethodSource("cases")
    void bitExactAgainstTheGroundTruth(String id, Codes ca, Codes cw) {
        GemmKernel kernel = Kernels.get(id);
        // ONNX Runtime's u8 x s8 path is exact only with 8-bit dot-product instructions (see OrtKernelsTest)
        org.junit.jupiter.api.Assumptions.assumeTrue(!id.equals("ort-matmulinteger") || ca.signed() || !cw.signed()
                || OrtKernelsTest.u8s8Exact(), "x86 without VNNI: MLAS's u8 x s8 path saturates int16 pair sums");
        Random rnd = new Random(id.hashCode() * 7L + ca.hashCode());
        for (int[] dims : SHAPES) {
            GemmShape s = new GemmShape(dims[0], dims[1], dims[2]);
            for (String pattern : new String[] {"random", "min", "max", "alternating", "random"}) {
                int[] a = fill(ca, s.m() * s.k(), pattern, rnd);
                int[] w = fill(cw, s.n() * s.k(), pattern.equals("alternating") ? "max" : pattern, rnd);
                long[] expected = Gemm.reference(s, a, w);
                try (GemmKernel.Prepared p = kernel.prepare(s, ca, a, cw, w)) {
                    p.run();
                    for (int m = 0; m < s.m(); m++) {
                        for (int n = 0; n < s.n(); n++) {
                            assertEquals(expected[m * s.n() + n], p.output(m, n),
                                    id + " " + s + " " + pattern + " at [" + m + "][" + n + "]");
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyFastKernelHasAScalarReferenceOfItsWidth() {
        for (GemmKernel k : Kernels.all()) {
            GemmKernel ref = Kernels.referenceFor(k);
            assertTrue(ref.reference() && ref.bits() == k.bits(), k.id());
        }
        assertEquals(14, Kernels.all().size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernels.get("int3-magic")).getMessage()
                .startsWith("unknown kernel 'int3-magic' (known: fp32-java, "));
    }

    /**
     * Kernels a profile times beside its own kernel of the same width, as another layout of the same codes rather
     * than a second choice for it: PackQViT's packed int4 (two weight rows per int), compared with int8-simd.
     */
    private static final java.util.Set<String> ALTERNATIVE_LAYOUTS = java.util.Set.of("int4-packed2", "int4-packed2-simd");

    @Test
    void everyKernelARunnableProfileListsExistsAndEachProfilePairsWidthsOnceBesidesAlternativeLayouts() {
        for (var profile : org.qbench.hardware.profile.Profiles.builtIn().all()) {
            if (!profile.runnableHere()) {
                continue; // modelled targets name vendor kernels, not ours
            }
            java.util.Set<Integer> widths = new java.util.HashSet<>();
            for (String id : profile.kernels()) {
                // a profile lists its attention kernels in the same list; they are not GEMMs of a width
                boolean gemm = Kernels.find(id).isPresent();
                assertTrue(gemm != AttentionKernels.find(id).isPresent(), profile.id() + ": " + id + " is in exactly one registry");
                if (!gemm) {
                    continue;
                }
                GemmKernel k = Kernels.get(id);
                assertTrue(ALTERNATIVE_LAYOUTS.contains(id) || widths.add(k.bits()), profile.id() + " lists two kernels for one width");
            }
        }
        var scalar = org.qbench.hardware.profile.Profiles.builtIn().get("jvm-scalar").kernels();
        var simd = org.qbench.hardware.profile.Profiles.builtIn().get("jvm-simd").kernels();
        assertTrue(scalar.contains("int4-packed2") && !simd.contains("int4-packed2"), "the plain-Java packed loop is scalar");
        assertTrue(simd.contains("int4-packed2-simd") && simd.contains("int8-simd"), "packed int4 is timed beside int8-simd");
        assertTrue(scalar.contains("attn-shiftadd-scalar") && !simd.contains("attn-shiftadd-scalar"), "the reference is scalar");
        assertTrue(simd.containsAll(java.util.List.of("attn-shiftadd-simd", "attn-fp32-simd")), "shift-add beside the float P V");
    }

    @Test
    void theTwoRegistriesShareNoIdAndFindOnlyTheirOwn() {
        assertTrue(Kernels.find("int8-simd").isPresent() && Kernels.find("attn-shiftadd-simd").isEmpty());
        assertTrue(AttentionKernels.find("attn-shiftadd-simd").isPresent() && AttentionKernels.find("int8-simd").isEmpty());
        assertTrue(Kernels.ids().stream().noneMatch(AttentionKernels.ids()::contains));
        assertEquals(List.of("attn-shiftadd-scalar", "attn-shiftadd-simd", "attn-fp32-simd"), AttentionKernels.ids());
    }

    @Test
    void accumulatorsThatCouldOverflowAreRefusedWithTheLargestKAllowed() {
        Codes u8 = new Codes(8, false);
        Codes s8 = new Codes(8, true);
        GemmShape ok = new GemmShape(1, 1, 65_793); // 65793 * 255 * 128 < 2^31
        ok.checkAccumulator(u8, s8);
        GemmShape tooLong = new GemmShape(1, 1, 65_794);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tooLong.checkAccumulator(u8, s8));
        assertEquals("k=65794 can overflow int32 accumulators for unsigned 8-bit x signed 8-bit codes (worst case "
                + "2147516160); the largest k allowed is 65793", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Kernels.get("int8-simd").prepare(tooLong, u8, new int[65_794], s8, new int[65_794]));
    }

    @Test
    void unsupportedCodesAreRefusedByName() {
        GemmShape s = new GemmShape(1, 1, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kernels.get("int8-simd").prepare(s, new Codes(1, true), new int[4], new Codes(8, true), new int[4]));
        assertEquals("int8-simd does not multiply binary by signed 8-bit codes", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Kernels.get("int4-bitserial").prepare(s, new Codes(2, false), new int[4], new Codes(2, true), new int[4]));
    }

    @Test
    void int8SimdTakesTwoUnsignedEightBitOperandsAtTheirLargestProducts() {
        // 255 x 255 does not fit the 16-bit lanes the kernel once used; int32 lanes hold it.
        Codes u8 = new Codes(8, false);
        GemmShape s = new GemmShape(5, 3, 37);
        int[] a = new int[s.m() * s.k()];
        int[] w = new int[s.n() * s.k()];
        java.util.Arrays.fill(a, 255);
        java.util.Arrays.fill(w, 255);
        GemmKernel.Prepared p = Kernels.get("int8-simd").prepare(s, u8, a, u8, w);
        p.run();
        assertEquals(37L * 255 * 255, p.output(4, 2));
    }
}
