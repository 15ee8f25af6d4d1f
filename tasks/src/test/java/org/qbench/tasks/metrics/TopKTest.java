package org.qbench.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Top-k hits on hand-made logits, ties ranked to the lower class index. */
class TopKTest {

    /** Four samples of four classes; the comments give each row's ranking. */
    private static final float[] LOGITS = {
        0.1f, 0.9f, 0.3f, 0.2f, // 1 > 2 > 3 > 0
        0.5f, 0.5f, 0.5f, 0.1f, // tie: 0 > 1 > 2 > 3
        2.0f, 1.0f, 3.0f, 3.0f, // tie at the top: 2 > 3 > 0 > 1
        -1f, -1f, -2f, -1f,     // tie: 0 > 1 > 3 > 2
    };

    @Test
    void topOneAndTopTwoCountTiesForTheLowerIndex() {
        long[] best = {1, 0, 2, 0};
        assertEquals(4, TopK.correct(LOGITS, 4, best, 1));
        long[] second = {2, 1, 3, 1};
        assertEquals(0, TopK.correct(LOGITS, 4, second, 1));
        assertEquals(4, TopK.correct(LOGITS, 4, second, 2));
        long[] third = {3, 2, 0, 3};
        assertEquals(0, TopK.correct(LOGITS, 4, third, 2));
        assertEquals(4, TopK.correct(LOGITS, 4, third, 3));
        long[] mixed = {1, 2, 3, 2}; // ranks 1, 3, 2, 4
        assertEquals(1, TopK.correct(LOGITS, 4, mixed, 1));
        assertEquals(2, TopK.correct(LOGITS, 4, mixed, 2));
        assertEquals(3, TopK.correct(LOGITS, 4, mixed, 3));
        assertEquals(4, TopK.correct(LOGITS, 4, mixed, 4));
    }

    @Test
    void aNaNLogitIsNeverAHitAndRanksBelowNumbers() {
        float nan = Float.NaN;
        float[] logits = {nan, nan, nan, nan, -1f, nan};
        assertEquals(0, TopK.correct(logits, 3, new long[] {0, 2}, 3), "the label's own logit is NaN");
        assertEquals(1, TopK.correct(logits, 3, new long[] {2, 1}, 1), "NaN neighbours do not outrank a number");
    }

    @Test
    void rejectsBadArguments() {
        long[] labels = {0, 1, 2, 3};
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(LOGITS, 4, labels, 0));
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(LOGITS, 4, labels, 5));
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(LOGITS, 0, labels, 1));
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(LOGITS, 4, new long[] {0, 1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(LOGITS, 3, labels, 1), "16 is not 4 * 3");
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(LOGITS, 4, new long[] {0, 1, 4, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(LOGITS, 4, new long[] {0, -1, 2, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> TopK.correct(null, 4, labels, 1));
        assertEquals(0, TopK.correct(new float[0], 4, new long[0], 1), "an empty batch has no hits");
    }
}
