package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qbench.tasks.Metric;
import org.qbench.tasks.ProgressListener;

/** The low-light task's inference, metrics and batches on hand-made clips (no network, no data). */
class LowlightTaskTest {

    private static final IspParams ISP = IspParams.ofGains(2.0, 1.7);

    /** A clip whose value at (t, c, y, x) is its flat index, noisy and clean alike. */
    static RawClip indexed(String name, int frames, int h, int w, int ratio) {
        float[] v = new float[4 * frames * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return new RawClip(name, frames, h, w, v, v.clone(), ratio, "test", ISP);
    }

    @Test
    void windowStartsCoverTheClipWithTheLastFlush() {
        assertArrayEquals(new int[] {0, 3, 5}, LowlightTask.starts(10, 5, 3));
        assertArrayEquals(new int[] {0}, LowlightTask.starts(5, 5, 3));
        assertArrayEquals(new int[] {0, 48, 64}, LowlightTask.starts(128, 64, 48));
    }

    @Test
    void slidingWindowsAndTilesOfAnIdentityModelGiveTheInputBack() {
        RawClip clip = indexed("c", 7, 20, 24, 100);
        float[] out = LowlightTask.enhance(x -> x.clone(), clip, 3, 1, 16, 4);
        assertArrayEquals(clip.noisy(), out, 0f);
    }

    @Test
    void overlappingOutputsAreAveraged() {
        // A model that adds 1 to every value of its window: each frame gets +1 whatever the overlap.
        RawClip clip = indexed("c", 5, 8, 8, 100);
        float[] out = LowlightTask.enhance(x -> {
            float[] y = x.clone();
            for (int i = 0; i < y.length; i++) {
                y[i] += 1;
            }
            return y;
        }, clip, 3, 2, 8, 0);
        for (int i = 0; i < out.length; i++) {
            assertEquals(clip.noisy()[i] + 1, out[i], 1e-3f);
        }
    }

    @Test
    void aClipShorterThanTheWindowIsRefusedByName() {
        RawClip clip = indexed("short-clip", 2, 8, 8, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LowlightTask.enhance(x -> x, clip, 3, 1, 8, 0));
        assertEquals(true, e.getMessage().contains("short-clip"), e.getMessage());
    }

    @Test
    void metricsAverageFramesThenClipsPerRatioThenRatios() {
        // Two clips at ratio 100 and one at 200: the 200 clip weighs as much as both 100 clips together.
        int h = 16;
        int w = 16;
        RawClip a = flat("a", 100, h, w, 0.5f, 0.4f);
        RawClip b = flat("b", 100, h, w, 0.5f, 0.3f);
        RawClip c = flat("c", 200, h, w, 0.5f, 0.45f);
        Map<String, List<RawClip>> tests = new LinkedHashMap<>();
        tests.put("set", List.of(a, b, c));
        LowlightTask.Measured m = LowlightTask.measure(tests, RawClip::noisy, ProgressListener.NONE);
        double pa = LowlightTask.clipQuality(a, a.noisy())[0];
        double pb = LowlightTask.clipQuality(b, b.noisy())[0];
        double pc = LowlightTask.clipQuality(c, c.noisy())[0];
        Metric psnr = m.metrics().get(0);
        assertEquals("psnr", psnr.name());
        assertEquals(((pa + pb) / 2 + pc) / 2, psnr.value(), 1e-9);
        assertEquals(20 * Math.log10(1 / 0.1), pa, 1e-4, "PSNR with peak 1 of a 0.1 error");
        assertEquals(2, m.preview().size(), "output and ground-truth previews");
    }

    @Test
    void outputsAreClippedToTheUnitRangeBeforeMeasuring() {
        RawClip clip = flat("c", 100, 16, 16, 1f, 1f);
        float[] over = new float[clip.noisy().length];
        java.util.Arrays.fill(over, 1.7f);
        double[] q = LowlightTask.clipQuality(clip, over);
        assertEquals(Double.POSITIVE_INFINITY, q[0]);
        assertEquals(1.0, q[1], 1e-12);
    }

    @Test
    void augmentedWindowsMoveInputAndTargetTogether() {
        RawClip clip = indexed("c", 4, 6, 6, 100);
        int size = 3;
        for (int flips = 0; flips < 16; flips++) {
            float[] in = new float[2 * 4 * size * size];
            LowlightTask.ClipBatches.copyWindow(clip.noisy(), clip, 1, 2, 1, 2, size, flips, in, 0);
            float[] target = new float[in.length];
            LowlightTask.ClipBatches.copyWindow(clip.clean(), clip, 1, 2, 1, 2, size, flips, target, 0);
            assertArrayEquals(in, target, 0f);
        }
        // Time reversal (bit 3): the first output frame is the window's last source frame.
        float[] reversed = new float[2 * 4 * size * size];
        LowlightTask.ClipBatches.copyWindow(clip.noisy(), clip, 1, 0, 0, 2, size, 8, reversed, 0);
        assertEquals(clip.noisy()[clip.frameOffset(2)], reversed[0], 0f);
        // Transpose (bit 4 of the crop): element (i, j) holds the source's (j, i).
        float[] t = new float[2 * 4 * size * size];
        LowlightTask.ClipBatches.copyWindow(clip.noisy(), clip, 0, 0, 0, 2, size, 4, t, 0);
        assertEquals(clip.noisy()[2 * 6 + 1], t[1 * size + 2], 0f);
    }

    private static RawClip flat(String name, int ratio, int h, int w, float clean, float noisy) {
        int n = 4 * 3 * h * w;
        float[] c = new float[n];
        float[] x = new float[n];
        java.util.Arrays.fill(c, clean);
        java.util.Arrays.fill(x, noisy);
        return new RawClip(name, 3, h, w, x, c, ratio, "test", ISP);
    }
}
