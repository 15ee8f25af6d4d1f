package org.qbench.tasks.metrics;

/**
 * Top-k classification hits over a batch of logits.
 *
 * <p>Classes are ranked by logit, larger first; equal logits rank the lower class index first, so the result
 * does not depend on a sort's stability and ties cannot inflate accuracy (a tie with an earlier class costs the
 * label a place). A NaN logit ranks below every number, and a sample whose label's logit is NaN is never a hit,
 * so a model that produces NaN cannot score.
 */
public final class TopK {

    private TopK() {}

    /**
     * How many samples have their label among the {@code k} highest-ranked classes.
     *
     * @param logits row-major {@code [samples, classes]} scores, {@code labels.length * classes} values
     * @param classes number of classes
     * @param labels each sample's class, in {@code [0, classes)}
     * @param k how many top classes count, in {@code [1, classes]}
     * @return the number of hits, in {@code [0, labels.length]}
     * @throws IllegalArgumentException on a bad {@code classes} or {@code k}, mismatched lengths, or a label out
     *     of range
     */
    public static long correct(float[] logits, int classes, long[] labels, int k) {
        if (logits == null || labels == null) {
            throw new IllegalArgumentException("logits and labels are required");
        }
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        if (k < 1 || k > classes) {
            throw new IllegalArgumentException("k must be in [1, " + classes + "], got " + k);
        }
        if ((long) labels.length * classes != logits.length) {
            throw new IllegalArgumentException("logits has " + logits.length + " values, expected labels * classes = "
                    + labels.length + " * " + classes + " = " + (long) labels.length * classes);
        }
        long hits = 0;
        for (int s = 0; s < labels.length; s++) {
            long label = labels[s];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + s + " is outside [0, " + classes
                        + ")");
            }
            int row = s * classes;
            float v = logits[row + (int) label];
            if (Float.isNaN(v)) {
                continue;
            }
            // The label's rank is the number of classes ranked above it; stop counting once it is out.
            int above = 0;
            for (int c = 0; c < classes && above < k; c++) {
                float u = logits[row + c];
                if (u > v || (u == v && c < label)) {
                    above++;
                }
            }
            if (above < k) {
                hits++;
            }
        }
        return hits;
    }
}
