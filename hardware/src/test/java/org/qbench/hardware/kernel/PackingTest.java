package org.qbench.hardware.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Packed rows and bit planes round-trip every code of every width and signedness, and reject bad codes. */
class PackingTest {

    static int[] random(Codes c, int n, Random rnd) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = c.binary() ? (rnd.nextBoolean() ? 1 : -1) : c.min() + rnd.nextInt(c.max() - c.min() + 1);
        }
        return v;
    }

    @ParameterizedTest(name = "{0} bits, signed {1}")
    @CsvSource({"1,true", "2,true", "2,false", "4,true", "4,false", "8,true", "8,false"})
    void packedRowsRoundTripIncludingExtremesAndRaggedRows(int bits, boolean signed) {
        Codes c = new Codes(bits, signed);
        Random rnd = new Random(bits * 31 + (signed ? 1 : 0));
        for (int k : new int[] {1, 3, 63, 64, 65, 129}) {
            int rows = 3;
            int[] v = random(c, rows * k, rnd);
            v[0] = c.min();
            v[v.length - 1] = c.max();
            PackedRows p = PackedRows.pack(c, rows, k, v);
            assertEquals(rows * PackedRows.wordsPerRow(bits, k), p.words().length);
            assertArrayEquals(v, p.unpack(), "k=" + k);
        }
    }

    @ParameterizedTest(name = "{0} bits, signed {1}")
    @CsvSource({"2,true", "2,false", "4,true", "4,false", "8,true", "8,false"})
    void bitPlanesRoundTripAndWeighTheTopPlaneOfSignedCodesNegatively(int bits, boolean signed) {
        Codes c = new Codes(bits, signed);
        Random rnd = new Random(bits * 17 + (signed ? 1 : 0));
        for (int k : new int[] {1, 63, 64, 65, 200}) {
            int[] v = random(c, 2 * k, rnd);
            BitPlanes p = BitPlanes.pack(c, 2, k, v);
            assertArrayEquals(v, p.unpack(), "k=" + k);
        }
        BitPlanes one = BitPlanes.pack(c, 1, 1, new int[] {c.min()});
        long value = 0;
        for (int plane = 0; plane < bits; plane++) {
            value += (one.planes()[plane] & 1) * one.planeWeight(plane);
        }
        assertEquals(c.min(), value, "sum of set planes times their weights is the code");
    }

    @ParameterizedTest(name = "{0} bits, signed {1}: {2}")
    @CsvSource({"1,true,0", "2,true,2", "2,true,-3", "2,false,4", "2,false,-1", "4,true,8", "8,false,256", "8,true,-129"})
    void outOfRangeCodesAreRejectedNamingTheIndex(int bits, boolean signed, int bad) {
        Codes c = new Codes(bits, signed);
        int[] v = {c.max(), bad};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackedRows.pack(c, 1, 2, v));
        assertTrue(e.getMessage().startsWith("codes[1] = " + bad + " is not a " + c + " code"), e.getMessage());
        if (!c.binary()) {
            assertThrows(IllegalArgumentException.class, () -> BitPlanes.pack(c, 1, 2, v));
        }
    }

    @ParameterizedTest
    @CsvSource({"3", "5", "16", "0"})
    void onlyWidthsThatTileAWordAreSupported(int bits) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Codes(bits, true)).getMessage()
                .contains("unsupported kernel bit width " + bits));
    }
}
