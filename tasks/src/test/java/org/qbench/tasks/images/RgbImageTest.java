package org.qbench.tasks.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The 8-bit image value type: layout, conversions, crops. */
class RgbImageTest {

    @Test
    void planarLayoutAndUnsignedValues() {
        byte[] px = new byte[3 * 2 * 3];
        px[(2 * 2 + 1) * 3 + 2] = (byte) 250; // blue, row 1, column 2
        RgbImage img = new RgbImage("a", 2, 3, px);
        assertEquals(250, img.value(2, 1, 2));
        assertEquals(250 / 255f, img.toUnitFloats()[(2 * 2 + 1) * 3 + 2]);
    }

    @Test
    void fromUnitFloatsClampsAndRounds() {
        float[] v = {-0.5f, 2f, 0.5f, 1f / 255f, 0.2f / 255f, 0.7f / 255f};
        RgbImage img = RgbImage.fromUnitFloats("f", 1, 2, v);
        assertEquals(0, img.value(0, 0, 0));
        assertEquals(255, img.value(0, 0, 1));
        assertEquals(128, img.value(1, 0, 0)); // 127.5 rounds to the even 128
        assertEquals(1, img.value(1, 0, 1));
        assertEquals(0, img.value(2, 0, 0));
        assertEquals(1, img.value(2, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RgbImage.fromUnitFloats("nan", 1, 1, new float[] {Float.NaN, 0, 0}));
    }

    @Test
    void modCropKeepsTheTopLeft() {
        RgbImage img = BicubicTest.noise("m", 10, 7, 4);
        RgbImage c = img.modCrop(4);
        assertEquals(8, c.height());
        assertEquals(4, c.width());
        assertEquals(img.value(1, 7, 3), c.value(1, 7, 3));
        assertSame(c, c.modCrop(4));
    }

    @Test
    void cropCopiesTheWindowAndChecksBounds() {
        RgbImage img = BicubicTest.noise("m", 10, 7, 5);
        RgbImage c = img.crop(2, 3, 4, 4);
        assertEquals(img.value(2, 5, 6), c.value(2, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> img.crop(8, 0, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new RgbImage("x", 2, 2, new byte[11]));
    }
}
