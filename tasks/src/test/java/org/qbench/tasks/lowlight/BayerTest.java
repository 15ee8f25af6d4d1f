package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BayerTest {

    @Test
    void rggbPacksAsBrve() {
        // 2x4 RGGB mosaic: row 0 = R G R G, row 1 = G B G B.
        float[] m = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] p = Bayer.pack(m, 2, 4, Cfa.RGGB);
        assertArrayEquals(new float[] {1, 3, 2, 4, 5, 7, 6, 8}, p);
    }

    @Test
    void everyPhaseRoundTripsAndAgreesOnTheCanonicalOrder() {
        int h = 6;
        int w = 10;
        float[] rgb = new float[3 * h * w];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) r.nextDouble();
        }
        for (Cfa cfa : Cfa.values()) {
            float[] mosaic = Bayer.mosaic(rgb, h, w, cfa);
            float[] packed = Bayer.pack(mosaic, h, w, cfa);
            assertArrayEquals(mosaic, Bayer.unpack(packed, h / 2, w / 2, cfa), cfa.name());
            // Each packed channel holds its colour at its site.
            for (int c = 0; c < 4; c++) {
                for (int y = 0; y < h / 2; y++) {
                    for (int x = 0; x < w / 2; x++) {
                        int sy = 2 * y + cfa.row(c);
                        int sx = 2 * x + cfa.col(c);
                        assertEquals(rgb[(Cfa.colour(c) * h + sy) * w + sx], packed[(c * h / 2 + y) * w / 2 + x]);
                        assertEquals(Cfa.colour(c), Bayer.colourAt(cfa, sy, sx));
                    }
                }
            }
        }
    }

    @Test
    void phasesShiftedByOneSiteAreTheSameSensor() {
        // Cropping an RGGB mosaic by one column gives GRBG; by one row GBRG; by both BGGR.
        int h = 8;
        int w = 8;
        float[] m = new float[h * w];
        for (int i = 0; i < m.length; i++) {
            m[i] = i;
        }
        assertEquals(Cfa.GRBG, phaseOfCrop(m, h, w, 0, 1));
        assertEquals(Cfa.GBRG, phaseOfCrop(m, h, w, 1, 0));
        assertEquals(Cfa.BGGR, phaseOfCrop(m, h, w, 1, 1));
    }

    private static Cfa phaseOfCrop(float[] m, int h, int w, int dy, int dx) {
        int ch = h - 2;
        int cw = w - 2;
        float[] crop = new float[ch * cw];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(m, (y + dy) * w + dx, crop, y * cw, cw);
        }
        for (Cfa cfa : Cfa.values()) {
            // The crop's red must be a red site of the original: R at odd/even parity of the original RGGB.
            int y = cfa.row(0) + dy;
            int x = cfa.col(0) + dx;
            if (y % 2 == 0 && x % 2 == 0) {
                float[] p = Bayer.pack(crop, ch, cw, cfa);
                assertEquals(m[y * w + x], p[0]);
                return cfa;
            }
        }
        throw new AssertionError();
    }
}
