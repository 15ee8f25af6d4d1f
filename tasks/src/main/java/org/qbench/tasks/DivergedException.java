package org.qbench.tasks;

/** Training produced a non-finite loss; the run is recorded as failed and the grid goes on. */
public final class DivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A divergence at the given epoch and step. */
    public DivergedException(int epoch, long step, double loss) {
        super("loss became " + loss + " at epoch " + epoch + ", step " + step);
    }
}
