package org.qbench.hardware.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two-rows-per-lane 4-bit kernels ({@code int4-packed2}, {@code int4-packed2-simd}) bit-exact against the
 * 64-bit ground truth, the extraction interval at and one past its limit, the largest k at extreme codes, and
 * the refusal of codes they do not take.
 */
class PackedInt4Test {

    private static final Codes S4 = PairedRows.WEIGHTS;
    private static final String[] IDS = {"int4-packed2", "int4-packed2-simd"};

    /** m x n x k: 1x1x1, k = 1, m = 1, odd n (a row without partner), k at, one past and several times L. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 1}, {3, 2, 1}, {1, 1, 17}, {2, 3, 18}, {5, 9, 65}, {1, 3, 291}, {3, 5, 292}, {6, 33, 583},
        {4, 4, 130}, {17, 13, 129}, {1, 192, 192}, {5, 31, 1165}, {2, 1, 1457},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String id : IDS) {
            for (int bits : new int[] {2, 4, 8}) {
                for (boolean signed : new boolean[] {false, true}) {
                    out.add(Arguments.of(id, new Codes(bits, signed)));
                }
            }
            out.add(Arguments.of(id, new Codes(1, false)));
        }
        return out.stream();
    }

    private static void assertBitExact(GemmKernel kernel, GemmShape s, Codes ca, int[] a, int[] w, String what) {
        long[] expected = Gemm.reference(s, a, w);
        GemmKernel.Prepared p = kernel.prepare(s, ca, a, S4, w);
        p.run();
        p.run(); // a second run must not see the first one's sums
        for (int m = 0; m < s.m(); m++) {
            for (int n = 0; n < s.n(); n++) {
                assertEquals(expected[m * s.n() + n], p.output(m, n), what + " at [" + m + "][" + n + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} x signed 4-bit")
    @MethodSource("cases")
    void bitExactOnRandomAndExtremeCodesAndAwkwardShapes(String id, Codes ca) {
        GemmKernel kernel = Kernels.get(id);
        Random rnd = new Random(id.hashCode() * 31L + ca.hashCode());
        String[][] patterns = {
            {"random", "random"}, {"min", "min"}, {"max", "max"}, {"max", "min"}, {"min", "max"},
            {"alternating", "max"}, {"alternating", "alternating"}, {"random", "random"},
        };
        for (int[] dims : SHAPES) {
            GemmShape s = new GemmShape(dims[0], dims[1], dims[2]);
            for (String[] pattern : patterns) {
                int[] a = KernelsTest.fill(ca, s.m() * s.k(), pattern[0], rnd);
                int[] w = KernelsTest.fill(S4, s.n() * s.k(), pattern[1], rnd);
                assertBitExact(kernel, s, ca, a, w, id + " " + s + " " + pattern[0] + " x " + pattern[1]);
            }
        }
    }

    @Test
    void theIntervalIsTheLargestThatKeepsEveryFieldBelowTwoToTheSixteen() {
        assertEquals(291, PairedRows.interval(new Codes(4, false)));
        assertEquals(291, PairedRows.interval(new Codes(4, true)));
        assertEquals(17, PairedRows.interval(new Codes(8, false)));
        assertEquals(17, PairedRows.interval(new Codes(8, true)));
        assertEquals(1456, PairedRows.interval(new Codes(2, true)));
        assertEquals(4369, PairedRows.interval(new Codes(1, false)));
        for (int bits : new int[] {1, 2, 4, 8}) {
            Codes ca = new Codes(bits, false);
            int largest = (1 << bits) - 1;
            int product = largest * 15;
            int interval = PairedRows.interval(ca);
            assertTrue(product * interval <= PairedRows.FIELD_MASK, ca.toString());
            assertTrue(product * (interval + 1) > PairedRows.FIELD_MASK, ca.toString());
        }
    }

    @ParameterizedTest(name = "{0}-bit activations")
    @CsvSource({"1", "2", "4", "8"})
    void oneAccumulationPastTheIntervalCorruptsBothFields(int bits) {
        Codes ca = new Codes(bits, false);
        int a = ca.max();
        int lane = PairedRows.pack(2, 1, new int[] {7, 7}, 1).lanes()[0]; // w' = 15 in both fields
        int interval = PairedRows.interval(ca);
        int acc = 0;
        for (int step = 0; step < interval; step++) {
            acc += a * lane;
        }
        assertEquals(interval * a * 15, PairedRows.low(acc), "low field at L");
        assertEquals(interval * a * 15, PairedRows.high(acc), "high field at L");
        acc += a * lane;
        int truth = (interval + 1) * a * 15;
        assertNotEquals(truth, PairedRows.low(acc), "low field at L + 1 must have wrapped");
        assertNotEquals(truth, PairedRows.high(acc), "high field at L + 1 must have taken the carry");
        assertEquals(truth - 65536, PairedRows.low(acc));
        assertEquals(truth - 65536 + 1, PairedRows.high(acc));
    }

    @Test
    void aKernelAtExactlyTheIntervalAndOnePastItIsExactAtTheLargestCodes() {
        for (String id : IDS) {
            for (Codes ca : new Codes[] {new Codes(4, false), new Codes(8, false), new Codes(8, true)}) {
                int interval = PairedRows.interval(ca);
                for (int k : new int[] {interval, interval + 1, 2 * interval, 2 * interval + 1}) {
                    GemmShape s = new GemmShape(5, 3, k);
                    int[] a = KernelsTest.filled(s.m() * s.k(), ca.signed() ? ca.min() : ca.max());
                    for (int wCode : new int[] {-8, 7}) {
                        int[] w = KernelsTest.filled(s.n() * s.k(), wCode);
                        assertBitExact(Kernels.get(id), s, ca, a, w, id + " " + ca + " k=" + k);
                    }
                }
            }
        }
    }

    @Test
    void theLargestKForEightBitActivationsIsExactThoughTheUnsignedSumsWrap() {
        // 1,052,688 x 255 x 8 < 2^31 <= 1,052,689 x 255 x 8; sum a'w' reaches k x 255 x 15 ~ 4e9, past 2^32.
        Codes u8 = new Codes(8, false);
        int k = 1_052_688;
        GemmShape s = new GemmShape(1, 3, k);
        int[] a = KernelsTest.filled(k, 255);
        for (String id : IDS) {
            for (int wCode : new int[] {-8, 7}) {
                GemmKernel.Prepared p = Kernels.get(id).prepare(s, u8, a, S4, KernelsTest.filled(3 * k, wCode));
                p.run();
                for (int n = 0; n < 3; n++) {
                    assertEquals((long) k * 255 * wCode, p.output(0, n), id + " w=" + wCode);
                }
            }
            GemmShape tooLong = new GemmShape(1, 1, k + 1);
            assertThrows(IllegalArgumentException.class,
                    () -> Kernels.get(id).prepare(tooLong, u8, new int[k + 1], S4, new int[k + 1]));
        }
    }

    @Test
    void theUnpackedInt8BaselineAgreesOnTheSameFourBitCodes() {
        GemmShape s = new GemmShape(13, 24, 192);
        Random rnd = new Random(5);
        Codes u4 = new Codes(4, false);
        int[] a = PackingTest.random(u4, s.m() * s.k(), rnd);
        int[] w = PackingTest.random(S4, s.n() * s.k(), rnd);
        GemmKernel.Prepared base = Kernels.get("int8-simd").prepare(s, u4, a, S4, w);
        GemmKernel.Prepared packed = Kernels.get("int4-packed2-simd").prepare(s, u4, a, S4, w);
        base.run();
        packed.run();
        for (int m = 0; m < s.m(); m++) {
            for (int n = 0; n < s.n(); n++) {
                assertEquals(base.output(m, n), packed.output(m, n));
            }
        }
    }

    @Test
    void pairedRowsPutEvenRowsLowOddRowsHighAndLeaveAMissingPartnerZero() {
        int[] w = {-8, 7, 3, -1, 0, 5}; // 3 rows x k = 2
        PairedRows p = PairedRows.pack(3, 2, w, 4);
        assertEquals(4, p.pairs());
        assertEquals(0 | 11 << 16, p.lanes()[0], "step 0, rows 0 and 1: -8 + 8 low, 3 + 8 high");
        assertEquals(15 | 7 << 16, p.lanes()[4], "step 1, rows 0 and 1: 7 + 8 low, -1 + 8 high");
        assertEquals(8, p.lanes()[1], "step 0, row 2: 0 + 8 low");
        assertArrayEquals(w, p.unpack());
        assertArrayEquals(new int[] {0 + 15, 11 + 7, 8 + 13}, p.rowSums());
        assertEquals(0, PairedRows.high(p.lanes()[1]), "row 2 has no partner");
        assertEquals(0, p.lanes()[2] | p.lanes()[3], "padding lanes are zero");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"int4-packed2", "int4-packed2-simd"})
    void codesOutsideTheirRangesAndUnsupportedCodesAreRefused(String id) {
        GemmKernel kernel = Kernels.get(id);
        GemmShape s = new GemmShape(1, 1, 2);
        Codes u4 = new Codes(4, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, u4, new int[] {1, 2}, S4, new int[] {7, 8}));
        assertEquals("weights[1] = 8 is not a signed 4-bit code (-8..7)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, u4, new int[] {1, 2}, S4, new int[] {-9, 0}));
        e = assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, u4, new int[] {16, 0}, S4, new int[2]));
        assertEquals("activations[0] = 16 is not a unsigned 4-bit code (0..15)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, u4, new int[] {-1, 0}, S4, new int[2]));
        assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, new Codes(4, true), new int[] {8, 0}, S4, new int[2]));
        e = assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, u4, new int[2], new Codes(8, true), new int[2]));
        assertEquals(id + " does not multiply unsigned 4-bit by signed 8-bit codes", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, u4, new int[2], new Codes(4, false), new int[2]));
        assertThrows(IllegalArgumentException.class,
                () -> kernel.prepare(s, new Codes(1, true), new int[] {1, -1}, S4, new int[2]));
        assertThrows(IllegalArgumentException.class, () -> PairedRows.pack(1, 2, new int[] {0, -9}, 1));
    }
}
