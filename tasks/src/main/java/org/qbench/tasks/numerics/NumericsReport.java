package org.qbench.tasks.numerics;

/**
 * What a result records of its run's numerics: whether the checker ran, and for a run that diverged, where the
 * first non-finite value came from.
 *
 * @param checked whether the run had {@code --check-numerics}
 * @param origin for a failed run, {@link NumericsFault#QUANTIZER}, {@link NumericsFault#LOSS},
 *     {@link NumericsFault#ENGINE}, or {@link #UNKNOWN} when the checker was off; null for a run that finished
 * @param firstFault the checker's record of the first non-finite value (null when none was seen or it was off)
 */
public record NumericsReport(boolean checked, String origin, NumericsFault firstFault) {

    /** The origin of a divergence the checker did not watch. */
    public static final String UNKNOWN = "unknown (rerun with --check-numerics)";

    /** The report of a run that finished. */
    public static NumericsReport finished(boolean checked) {
        return new NumericsReport(checked, null, null);
    }

    /** The report of a run that diverged, with the checker's fault when it ran. */
    public static NumericsReport diverged(boolean checked, NumericsFault fault) {
        return new NumericsReport(checked, fault == null ? UNKNOWN : fault.origin(), fault);
    }
}
