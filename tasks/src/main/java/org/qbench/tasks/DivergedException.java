package org.qbench.tasks;

import java.util.Optional;
import org.qbench.tasks.numerics.NumericsFault;

/**
 * Training produced a non-finite value; the run is recorded as failed and the grid goes on. With the numerics
 * checker on, it carries the checker's record of the first non-finite value.
 */
public final class DivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient NumericsFault fault;

    /** A divergence at the given epoch and step, seen in the loss without the checker. */
    public DivergedException(int epoch, long step, double loss) {
        super("loss became " + loss + " at epoch " + epoch + ", step " + step);
        this.fault = null;
    }

    /** A divergence the numerics checker located. */
    public DivergedException(NumericsFault fault) {
        super(fault.describe());
        this.fault = fault;
    }

    /** The checker's record, when the checker was on. */
    public Optional<NumericsFault> fault() {
        return Optional.ofNullable(fault);
    }
}
