package org.qbench.methods.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qbench.methods.quant.WithManager;

/**
 * The shifts on a tensor of indices (each element holds its flat index + 1, so a zero fill shows as 0): exactly which
 * element lands where, for the temporal roll and both spatial variants in both directions, against an element-wise
 * reference of the rules in the javadoc, plus hand-derived spot values.
 */
class ShiftTest extends WithManager {

    private NDArray indices(int b, int t, int c, int h, int w) {
        float[] v = new float[b * t * c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return manager.create(v, new Shape(b, t, c, h, w));
    }

    @Test
    void temporalShiftRollsTheFramesChannelsByHalfAFrame() {
        NDArray x = indices(1, 3, 4, 1, 1); // frame t holds 4t+1..4t+4
        assertArrayEquals(new float[] {11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                TemporalShift.apply(x, true).toFloatArray(), 0f,
                "forward: frame t = second half of frame t-1 (cyclic), then its own first half");
        assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2},
                TemporalShift.apply(x, false).toFloatArray(), 0f,
                "reverse: its own second half, then the first half of frame t+1 (cyclic)");
        assertThrows(IllegalArgumentException.class, () -> TemporalShift.apply(indices(1, 3, 3, 1, 1), true));
        assertThrows(IllegalArgumentException.class,
                () -> TemporalShift.apply(manager.zeros(new Shape(1, 4, 2, 2)), true));
    }

    /** The rolled channel {@code j} of frame {@code t}: a flat channel index into {@code (T C)}. */
    private static int rolledSource(int t, int j, int frames, int c, boolean forward) {
        int length = frames * c;
        int s = forward ? t * c + j - c / 2 : t * c + j + c / 2;
        return Math.floorMod(s, length);
    }

    /** The expected output of {@link SpatialShift#apply} on {@link #indices}, element by element. */
    private static float[] reference(int b, int frames, int c, int h, int w, SpatialShiftVariant variant,
            boolean forward) {
        int half = c / 2;
        int out = c + half;
        float[] y = new float[b * frames * out * h * w];
        for (int bi = 0; bi < b; bi++) {
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < out; j++) {
                    for (int r = 0; r < h; r++) {
                        for (int col = 0; col < w; col++) {
                            int channel; // rolled channel j', or -1 for a zero
                            int sr = r;
                            int sc = col;
                            if (j < c) {
                                channel = j;
                            } else {
                                int k = j - c;
                                if (variant == SpatialShiftVariant.PAPER) {
                                    SpatialShift.Offset d = SpatialShift.OFFSETS.get(24 * k / half);
                                    sr = r - d.dy();
                                    sc = col - d.dx();
                                } else if (t < 3) {
                                    k -= 8;
                                    sr = r - new int[] {8, 4, 0}[t];
                                } else {
                                    k = -1;
                                }
                                channel = k < 0 ? -1 : forward ? k : c - half + k;
                            }
                            float v = 0;
                            if (channel >= 0 && sr >= 0 && sr < h && sc >= 0 && sc < w) {
                                int src = rolledSource(t, channel, frames, c, forward);
                                v = ((bi * frames * c + src) * h + sr) * w + sc + 1;
                            }
                            y[(((bi * frames + t) * out + j) * h + r) * w + col] = v;
                        }
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} forward={1} C={2}")
    @CsvSource({
        "PAPER, true, 48", "PAPER, false, 48", "RELEASED, true, 48", "RELEASED, false, 48",
        "PAPER, true, 96", "PAPER, false, 20", "RELEASED, false, 20"
    })
    void spatialShiftMovesExactlyTheDocumentedElements(SpatialShiftVariant variant, boolean forward, int c) {
        int b = 2;
        int frames = 4;
        int h = 10;
        int w = 9;
        NDArray y = SpatialShift.apply(indices(b, frames, c, h, w), variant, forward);
        assertEquals(new Shape(b, frames, c + c / 2, h, w), y.getShape());
        assertArrayEquals(reference(b, frames, c, h, w, variant, forward), y.toFloatArray(), 0f);
        assertEquals(y.getShape(), new SpatialShift(variant, forward)
                .getOutputShapes(new Shape[] {new Shape(b, frames, c, h, w)})[0]);
    }

    /** Values worked out by hand from the rules, for C = 48 (h = 24, one channel per offset), T = 3, 10x10. */
    @Test
    void handDerivedSpotValues() {
        int c = 48;
        NDArray x = indices(1, 3, c, 10, 10);
        // flat index + 1 of (t, ch, y, x)
        float[] paperFwd = SpatialShift.apply(x, SpatialShiftVariant.PAPER, true).toFloatArray();
        // Output channel 48 of frame 0 = neighbour channel 0 (offset (-8, -8)) = rolled channel 0 of frame 0 = frame 2's
        // channel 24; out[y][x] = in[y + 8][x + 8].
        assertEquals(((2 * c + 24) * 10 + 8) * 10 + 8 + 1, paperFwd[at(0, 48, 0, 0)], 0f);
        assertEquals(0f, paperFwd[at(0, 48, 2, 0)], 0f, "row 10 is outside: zero fill");
        // Neighbour channel 12 has offset (0, 4): out[y][x] = in[y][x - 4]; frame 1 rolled channel 12 = frame 0 ch 36.
        assertEquals(((0 * c + 36) * 10 + 5) * 10 + 2 + 1, paperFwd[at(1, 48 + 12, 5, 6)], 0f);
        assertEquals(0f, paperFwd[at(1, 48 + 12, 5, 3)], 0f);

        float[] releasedRev = SpatialShift.apply(x, SpatialShiftVariant.RELEASED, false).toFloatArray();
        // Reverse: neighbour channel k = rolled channel 24 + k = next frame's channel k. Frame 1: channel offset 8, row
        // offset 4: out[k][y] = n[k - 8][y - 4], so output k = 10 at y = 7 is frame 2's channel 2 at row 3.
        assertEquals(((2 * c + 2) * 10 + 3) * 10 + 5 + 1, releasedRev[at(1, 48 + 10, 7, 5)], 0f);
        assertEquals(0f, releasedRev[at(1, 48 + 7, 7, 5)], 0f, "channels below 8 stay zero");
        assertEquals(0f, releasedRev[at(0, 48 + 10, 7, 5)], 0f, "frame 0's row offset 8: row 7 reads row -1");
        // Frame 2 wraps to frame 0 (cyclic), row offset 0.
        assertEquals(((0 * c + 2) * 10 + 7) * 10 + 5 + 1, releasedRev[at(2, 48 + 10, 7, 5)], 0f);
        assertEquals(24, SpatialShift.OFFSETS.size());
        assertEquals(new SpatialShift.Offset(-8, -8), SpatialShift.OFFSETS.get(0));
        assertEquals(new SpatialShift.Offset(8, 8), SpatialShift.OFFSETS.get(23));
    }

    private static int at(int t, int ch, int y, int x) {
        return ((t * 72 + ch) * 10 + y) * 10 + x;
    }

    @Test
    void paperGroupsGiveOneChannelPerOffsetAtTwentyFour() {
        for (int j = 0; j < 24; j++) {
            assertEquals(j, SpatialShift.offsetIndex(j, 24));
        }
        assertEquals(0, SpatialShift.offsetIndex(1, 48));
        assertEquals(1, SpatialShift.offsetIndex(2, 48));
        assertEquals(12, SpatialShift.offsetIndex(5, 10));
    }
}
