package org.qbench.hardware.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shift-add attention kernels: the fast one bit-exact against the scalar reference, the reference against
 * closed forms in {@link BigInteger} and in doubles, the float baseline within float rounding, on random and
 * awkward exponent patterns (all zero, one exponent 0 per row as in masked attention, all at the maximum, all 0:
 * the worst case) and value patterns (random, -128, 127, alternating), for shapes with n = 1, odd d, d not a
 * multiple of the vector width, and m at the int32 limit.
 */
class ShiftAddAttentionTest {

    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 3}, {3, 5, 17}, {2, 16, 64}, {5, 33, 65}, {4, 197, 64}, {7, 50, 15}, {3, 9, 130},
        {2, 511, 31}, {1, 3, 100},
    };

    private static final String[] EXPONENT_PATTERNS =
            {"random", "zero", "masked", "max", "min", "mixed-rows", "random"};
    private static final String[] VALUE_PATTERNS = {"random", "min", "max", "alternating"};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int bits = 1; bits <= 4; bits++) {
            for (Codes v : List.of(new Codes(8, true), new Codes(8, false), new Codes(4, true))) {
                out.add(Arguments.of(bits, v));
            }
        }
        return out.stream();
    }

    /** The shape, or null where the int32 bound refuses it (m = 511 with unsigned 8-bit values). */
    private static ShiftAddShape shape(int[] dims, int bits, Codes v) {
        try {
            return new ShiftAddShape(dims[0], dims[1], dims[2], bits, v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static int[] exponents(ShiftAddShape s, String pattern, Random rnd) {
        int n = s.n();
        int m = s.m();
        int max = s.maxExponent();
        int[] p = new int[n * m];
        switch (pattern) {
            case "zero" -> Arrays.fill(p, ShiftAddShape.ZERO);
            case "max" -> Arrays.fill(p, max);
            case "min" -> Arrays.fill(p, 0);
            case "masked" -> { // one key kept with probability 1, the rest masked out
                Arrays.fill(p, ShiftAddShape.ZERO);
                for (int i = 0; i < n; i++) {
                    p[i * m + rnd.nextInt(m)] = 0;
                }
            }
            default -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = rnd.nextInt(4) == 0 ? ShiftAddShape.ZERO : rnd.nextInt(max + 1);
                }
                if (pattern.equals("mixed-rows")) { // every other row all zero
                    for (int i = 0; i < n; i += 2) {
                        Arrays.fill(p, i * m, (i + 1) * m, ShiftAddShape.ZERO);
                    }
                }
            }
        }
        return p;
    }

    static int[] values(ShiftAddShape s, String pattern, Random rnd) {
        Codes c = s.values();
        int[] v = new int[s.m() * s.d()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (pattern) {
                case "min" -> c.min();
                case "max" -> c.max();
                case "alternating" -> i % 2 == 0 ? c.min() : c.max();
                default -> c.min() + rnd.nextInt(c.max() - c.min() + 1);
            };
        }
        return v;
    }

    /** {@code sum_t v << (F - k)} in BigInteger: no overflow to reason about. */
    static long closedForm(ShiftAddShape s, int[] p, int[] v, int i, int j) {
        BigInteger sum = BigInteger.ZERO;
        for (int t = 0; t < s.m(); t++) {
            int k = p[i * s.m() + t];
            if (k != ShiftAddShape.ZERO) {
                sum = sum.add(BigInteger.valueOf(v[t * s.d() + j]).shiftLeft(s.fractionBits() - k));
            }
        }
        return sum.longValueExact();
    }

    /** {@code sum_t 2^-k v} in doubles: exact, since every partial sum is a multiple of 2^-F below 2^31. */
    static double realProduct(ShiftAddShape s, int[] p, int[] v, int i, int j) {
        double sum = 0;
        for (int t = 0; t < s.m(); t++) {
            int k = p[i * s.m() + t];
            sum += k == ShiftAddShape.ZERO ? 0 : Math.scalb((double) v[t * s.d() + j], -k);
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}-bit exponents, {1} values")
    @MethodSource("cases")
    void fastIsBitExactAgainstTheReferenceAndTheReferenceAgainstTheClosedForms(int bits, Codes codes) {
        Random rnd = new Random(bits * 131L + codes.hashCode());
        AttentionKernel ref = AttentionKernels.reference();
        AttentionKernel fast = AttentionKernels.get("attn-shiftadd-simd");
        for (int[] dims : SHAPES) {
            ShiftAddShape s = shape(dims, bits, codes);
            if (s == null) {
                continue;
            }
            for (String ep : EXPONENT_PATTERNS) {
                for (String vp : VALUE_PATTERNS) {
                    int[] p = exponents(s, ep, rnd);
                    int[] v = values(s, vp, rnd);
                    AttentionKernel.Prepared r = ref.prepare(s, p, v);
                    AttentionKernel.Prepared f = fast.prepare(s, p, v);
                    r.run();
                    f.run();
                    f.run(); // a second run must not see the first's state
                    double scale = Math.scalb(1.0, s.fractionBits());
                    for (int i = 0; i < s.n(); i++) {
                        for (int j = 0; j < s.d(); j++) {
                            String at = s + " " + ep + "/" + vp + " at [" + i + "][" + j + "]";
                            assertEquals(closedForm(s, p, v, i, j), r.output(i, j), "reference " + at);
                            assertEquals(r.output(i, j), f.output(i, j), "fast " + at);
                            assertEquals(realProduct(s, p, v, i, j), r.output(i, j) / scale, "output / 2^F " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFloatBaselineAgreesWithinFloatRoundingAndExactlyWhileSumsFit24Bits() {
        AttentionKernel fp32 = AttentionKernels.get("attn-fp32-simd");
        Random rnd = new Random(7);
        Codes s8 = new Codes(8, true);
        for (int[] dims : SHAPES) {
            ShiftAddShape s = new ShiftAddShape(dims[0], dims[1], dims[2], 4, s8);
            for (String ep : EXPONENT_PATTERNS) {
                int[] p = exponents(s, ep, rnd);
                int[] v = values(s, "random", rnd);
                AttentionKernel.Prepared f = fp32.prepare(s, p, v);
                f.run();
                for (int i = 0; i < s.n(); i++) {
                    for (int j = 0; j < s.d(); j++) {
                        double exact = closedForm(s, p, v, i, j);
                        // each of the m fused adds rounds by at most half an ulp of a float below m * 128
                        double tolerance =
                                s.m() * Math.ulp((float) (s.m() * 128.0)) * Math.scalb(1.0, s.fractionBits());
                        assertTrue(Math.abs(f.output(i, j) - exact) <= tolerance,
                                s + " " + ep + " [" + i + "][" + j + "]");
                    }
                }
            }
        }
        // One key per row (masked attention): a single exact term, so the float result is exact too.
        ShiftAddShape s = new ShiftAddShape(3, 40, 33, 4, s8);
        int[] p = exponents(s, "masked", rnd);
        int[] v = values(s, "random", rnd);
        AttentionKernel.Prepared f = fp32.prepare(s, p, v);
        f.run();
        for (int i = 0; i < s.n(); i++) {
            for (int j = 0; j < s.d(); j++) {
                assertEquals(closedForm(s, p, v, i, j), f.output(i, j));
            }
        }
    }

    @Test
    void shapesThatCouldOverflowInt32AreRefusedWithTheBound() {
        Codes s8 = new Codes(8, true);
        new ShiftAddShape(197, 511, 64, 4, s8); // 511 * 128 * 2^15 = 2^31 - 2^22 fits
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ShiftAddShape(577, 577, 64, 4, s8));
        assertEquals("m=577 keys can overflow int32 accumulators with 4-bit exponents (F = 15) and signed 8-bit values:"
                + " worst case m * max|v| * 2^F = 2420113408 > 2^31 - 1; the largest m allowed is 511", e.getMessage());
        new ShiftAddShape(577, 577, 64, 3, s8); // F = 7: up to 131071 keys
        new ShiftAddShape(577, 577, 64, 4, new Codes(4, true)); // max|v| = 8: up to 8191 keys
        e = assertThrows(IllegalArgumentException.class, () -> new ShiftAddShape(1, 1, 1, 5, new Codes(2, false)));
        assertTrue(e.getMessage().endsWith("worst case m * max|v| * 2^F = 6442450944 > 2^31 - 1; no m fits, use fewer"
                + " exponent bits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ShiftAddShape(1, 1, 1, 8, s8));
        assertTrue(e.getMessage().contains("F = 255") && e.getMessage().contains("no m fits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ShiftAddShape(1, 1, 1, 9, s8));
        assertThrows(IllegalArgumentException.class, () -> new ShiftAddShape(1, 1, 1, 0, s8));
        assertThrows(IllegalArgumentException.class, () -> new ShiftAddShape(0, 1, 1, 4, s8));
        assertThrows(IllegalArgumentException.class, () -> new ShiftAddShape(1, 1, 1, 4, new Codes(1, true)));
    }

    @Test
    void badExponentAndValueCodesAndSizesAreRefusedByEveryKernel() {
        ShiftAddShape s = new ShiftAddShape(2, 3, 4, 4, new Codes(8, true));
        int[] v = new int[12];
        for (AttentionKernel k : AttentionKernels.all()) {
            int[] below = {0, 1, 2, -2, 3, 4};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.prepare(s, below, v));
            assertEquals("exponents[3] = -2 is neither ZERO (-1) nor in 0..15 (4-bit exponents)", e.getMessage());
            int[] above = {0, 1, 2, 16, 3, 4};
            e = assertThrows(IllegalArgumentException.class, () -> k.prepare(s, above, v));
            assertEquals("exponents[3] = 16 is neither ZERO (-1) nor in 0..15 (4-bit exponents)", e.getMessage());
            int[] p = {15, 0, -1, 15, 0, -1};
            int[] bad = v.clone();
            bad[5] = 128;
            assertThrows(IllegalArgumentException.class, () -> k.prepare(s, p, bad));
            assertThrows(IllegalArgumentException.class, () -> k.prepare(s, new int[5], v));
            assertThrows(IllegalArgumentException.class, () -> k.prepare(s, p, new int[13]));
            k.prepare(s, p, v).run();
        }
    }

    @Test
    void theRegistryListsTheReferenceFirstAndRefusesUnknownIds() {
        List<AttentionKernel> all = AttentionKernels.all();
        assertEquals(List.of("attn-shiftadd-scalar", "attn-shiftadd-simd", "attn-fp32-simd"),
                all.stream().map(AttentionKernel::id).toList());
        assertTrue(all.get(0).reference() && all.get(0).exact() && all.get(1).exact() && !all.get(2).exact());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttentionKernels.get("attn-magic")).getMessage()
                .startsWith("unknown attention kernel 'attn-magic' (known: attn-shiftadd-scalar, "));
    }
}
