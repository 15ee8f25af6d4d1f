package org.qbench.methods.binary;

import org.qbench.methods.StableId;

/**
 * Which spatial shift {@link SpatialShift} performs: BRVE's paper and its released code disagree
 * ({@code sr-lowlight.md} §3.3 caveat, {@code methods-addendum.md}).
 */
public enum SpatialShiftVariant implements StableId {
    /** The grouped dilated 5x5 shift the paper describes (and the code's slice offsets intend). */
    PAPER("paper"),
    /** What the released code does on 5-D features: the axis mix-up (time sliced by group, channel and row shifted). */
    RELEASED("released");

    private final String id;

    SpatialShiftVariant(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Parses an id, failing with the list of known ids. */
    public static SpatialShiftVariant fromId(String id) {
        return StableId.parse(SpatialShiftVariant.class, "spatial shift variant", id);
    }
}
