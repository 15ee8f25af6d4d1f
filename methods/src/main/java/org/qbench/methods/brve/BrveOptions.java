package org.qbench.methods.brve;

import org.qbench.methods.MethodOptions;
import org.qbench.methods.binary.SpatialShiftVariant;

/**
 * BRVE's variants and ablations, read by the low-light video network. An option left out (null) takes its default, the
 * method as published (with the paper's spatial shift). JSON names are snake case ({@code spatial_shift},
 * {@code shift}, {@code unets}, {@code depth}, {@code daca}).
 *
 * @param spatialShift {@code paper} (default: the grouped dilated 5x5 shift) or {@code released} (the released code's
 *     axis mix-up), see {@link SpatialShiftVariant}
 * @param shift {@code spatial-temporal} (default), {@code temporal} or {@code none}, see {@link BrveShift}
 * @param unets binary U-Nets per stage (default 1, the released config; 1..3)
 * @param depth U-Net levels (null: the budget's default; 2..4 when set)
 * @param daca whether the residual binary blocks are DABCs with DACA (default true); false: the plain block
 */
public record BrveOptions(String spatialShift, String shift, Integer unets, Integer depth, Boolean daca)
        implements MethodOptions {

    /** The method as published. */
    public static final BrveOptions DEFAULTS = new BrveOptions(null, null, null, null, null);

    /**
     * Fills the options left out with their defaults and validates them.
     *
     * @throws IllegalArgumentException in one line naming the option and its value
     */
    public BrveOptions {
        spatialShift = spatialShift == null ? SpatialShiftVariant.PAPER.id() : spatialShift;
        shift = shift == null ? BrveShift.SPATIAL_TEMPORAL.id() : shift;
        unets = unets == null ? 1 : unets;
        daca = daca == null ? Boolean.TRUE : daca;
        try {
            SpatialShiftVariant.fromId(spatialShift);
            BrveShift.fromId(shift);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BRVE option " + e.getMessage());
        }
        if (unets < 1 || unets > 3) {
            throw new IllegalArgumentException("BRVE option unets must be 1..3, got " + unets);
        }
        if (depth != null && (depth < 2 || depth > 4)) {
            throw new IllegalArgumentException("BRVE option depth must be 2..4, got " + depth);
        }
    }

    /** The spatial shift variant. */
    public SpatialShiftVariant spatialShiftVariant() {
        return SpatialShiftVariant.fromId(spatialShift);
    }

    /** The shift operations. */
    public BrveShift shiftMode() {
        return BrveShift.fromId(shift);
    }

    /** The U-Net depth: the option when set, else {@code budgetDefault}. */
    public int depthOr(int budgetDefault) {
        return depth == null ? budgetDefault : depth;
    }
}
