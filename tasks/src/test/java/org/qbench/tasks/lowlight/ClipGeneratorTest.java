package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qbench.tasks.images.RgbImage;

class ClipGeneratorTest {

    private static final List<RgbImage> PHOTOS = LowlightFixtures.photos(4, 200, 260);

    @Test
    void aClipIsAFunctionOfSeedAndIndex() {
        ClipGenerator g = new ClipGenerator(NoiseModel.standard(), 5, 32, 48);
        ClipGenerator.Clip a = g.render("a", PHOTOS, 42, 3, 0);
        ClipGenerator.Clip b = g.render("a", PHOTOS, 42, 3, 0);
        ClipGenerator.Clip c = g.render("a", PHOTOS, 42, 4, 0);
        assertArrayEquals(a.noisy(), b.noisy());
        assertArrayEquals(a.clean(), b.clean());
        assertEquals(a.info(), b.info());
        assertFalse(Arrays.equals(a.clean(), c.clean()));
        assertEquals(5 * 32 * 48, a.noisy().length);
        assertTrue(a.info().sprites().size() >= 1 && a.info().sprites().size() <= 3);
        assertTrue(NoiseModel.LLRVD_RATIOS.contains(a.info().noise().ratio()));
        assertEquals(200, g.render("r", PHOTOS, 42, 3, 200).info().noise().ratio());
    }

    @Test
    void framesMoveAndStayInsideThePhotoForManySeeds() {
        ClipGenerator g = new ClipGenerator(NoiseModel.standard(), 7, 32, 32);
        for (int i = 0; i < 40; i++) {
            ClipGenerator.Clip c = g.render("c", PHOTOS, 1, i, 0);
            int n = 32 * 32;
            short[] clean = c.clean();
            // Consecutive clean frames differ (motion), and the clean signal is not flat.
            assertFalse(Arrays.equals(Arrays.copyOfRange(clean, 0, n), Arrays.copyOfRange(clean, n, 2 * n)));
            for (short s : clean) {
                assertTrue((s & 0xFFFF) <= 15360 - 512);
            }
        }
    }

    @Test
    void halvingAveragesTwoByTwoBlocks() {
        float[] in = new float[3 * 2 * 4];
        for (int i = 0; i < in.length; i++) {
            in[i] = i;
        }
        float[] out = ClipGenerator.halve(in, 2, 4);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f, 18.5f, 20.5f}, out);
    }

    @Test
    void motionIsQuadraticInTime() {
        ClipGenerator.Motion m = new ClipGenerator.Motion(1, 2, 0.5, -1, 0.2, 0.4);
        assertEquals(1 + 0.5 * 3 + 0.2 * 9 / 2, m.y(3), 1e-12);
        assertEquals(2 - 3 + 0.4 * 9 / 2, m.x(3), 1e-12);
    }
}
