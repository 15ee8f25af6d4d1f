package org.qbench.tasks.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Box averaging and the factor rule for HR preparation. */
class BoxDownscaleTest {

    @Test
    void meansRoundHalfToEvenAndTheRemainderIsCropped() {
        // One channel pattern on a 5x5 image (the last row and column are dropped); blocks:
        // (1,2,2,2) -> 1.75 -> 2, (0,1,0,1) -> 0.5 -> 0, (1,2,1,2) -> 1.5 -> 2, (3,3,3,4) -> 3.25 -> 3.
        int[][] r = {
            {1, 2, 0, 1, 9},
            {2, 2, 0, 1, 9},
            {1, 2, 3, 3, 9},
            {1, 2, 3, 4, 9},
            {9, 9, 9, 9, 9}};
        byte[] px = new byte[3 * 25];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) {
                    px[(c * 5 + y) * 5 + x] = (byte) (r[y][x] + 100 * c);
                }
            }
        }
        RgbImage out = BoxDownscale.apply(new RgbImage("p", 5, 5, px), 2);
        assertEquals(2, out.height());
        assertEquals(2, out.width());
        assertEquals("p", out.name());
        // Channel 1 adds 100 to every value: 101.75 -> 102, 100.5 -> 100, 101.5 -> 102, 103.25 -> 103.
        assertArrayEquals(new byte[] {2, 0, 2, 3, 102, 100, 102, 103, (byte) 202, (byte) 200, (byte) 202, (byte) 203},
                out.rgb());
    }

    @Test
    void factorOneIsTheSameImage() {
        RgbImage img = BicubicTest.noise("n", 4, 4, 1);
        assertSame(img, BoxDownscale.apply(img, 1));
        assertThrows(IllegalArgumentException.class, () -> BoxDownscale.apply(img, 5));
    }

    @Test
    void factorIsTheSmallestThatFitsTheLongSide() {
        assertEquals(1, BoxDownscale.factorFor(1074, 1365, 2040));
        assertEquals(1, BoxDownscale.factorFor(2040, 100, 2040));
        assertEquals(2, BoxDownscale.factorFor(1600, 2560, 2040));
        assertEquals(2, BoxDownscale.factorFor(100, 2041, 2040));
        assertEquals(2, BoxDownscale.factorFor(4081, 100, 2040)); // floor(4081 / 2) = 2040
        assertEquals(3, BoxDownscale.factorFor(4082, 100, 2040)); // floor(4082 / 2) = 2041
        assertEquals(3, BoxDownscale.factorFor(2988, 5312, 2040));
    }
}
