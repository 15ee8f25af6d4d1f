package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.qbench.tasks.images.RgbImage;

class UnprocessTest {

    @Test
    void colourMatrixInvertsAndKeepsGrey() {
        double[] m = Unprocess.RGB_TO_CAM;
        for (int r = 0; r < 3; r++) {
            assertEquals(1, m[3 * r] + m[3 * r + 1] + m[3 * r + 2], 1e-12);
        }
        double[] id = new double[9];
        double[] inv = Unprocess.CAM_TO_RGB;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    id[3 * r + c] += inv[3 * r + k] * m[3 * k + c];
                }
                assertEquals(r == c ? 1 : 0, id[3 * r + c], 1e-12);
            }
        }
    }

    @Test
    void gainsAreDrawnInBrooksRanges() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            IspParams p = Unprocess.drawParams(r);
            assertTrue(p.redGain() >= 1.9 && p.redGain() <= 2.4);
            assertTrue(p.blueGain() >= 1.5 && p.blueGain() <= 1.9);
            assertTrue(p.brightness() > 0.5 && p.brightness() <= 2.5);
        }
    }

    @Test
    void previewIspUndoesUnprocessing() {
        // A smooth, moderately saturated image without highlights (where the gain inversion is exact and no camera
        // value goes negative): unprocess, mosaic, pack, ISP.
        int h = 32;
        int w = 48;
        byte[] rgb = new byte[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // Constant over each 2x2 tile, so the half-resolution demosaic sees one colour.
                    rgb[(c * h + y) * w + x] = (byte) (70 + 25 * c + 3 * (y / 2) + 2 * (x / 2));
                }
            }
        }
        RgbImage src = new RgbImage("ramp", h, w, rgb);
        IspParams p = new IspParams(2.1, 1.7, 1.25, Unprocess.camToRgb());
        float[] cam = Unprocess.apply(src, p);
        float[] packed = Bayer.pack(Bayer.mosaic(cam, h, w, Cfa.RGGB), h, w, Cfa.RGGB);
        RgbImage back = Isp.toSrgb("back", packed, h / 2, w / 2, p);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h / 2; y++) {
                for (int x = 0; x < w / 2; x++) {
                    assertEquals(src.value(c, 2 * y, 2 * x), back.value(c, y, x), 1, "c " + c + " y " + y + " x " + x);
                }
            }
        }
    }
}
