package org.qbench.methods.brve;

import org.qbench.methods.StableId;

/** Which shift operations BRVE's network uses ({@link BrveOptions#shift()}). */
public enum BrveShift implements StableId {
    /** As published: temporal shifts ({@code ShiftBlock1}) in the encoder, spatial-temporal ({@code ShiftBlock2}) in the decoder. */
    SPATIAL_TEMPORAL("spatial-temporal"),
    /** Temporal shifts ({@code ShiftBlock1}) everywhere: the spatial-shift ablation. */
    TEMPORAL("temporal"),
    /** No shifts: the shift-operation ablation. */
    NONE("none");

    private final String id;

    BrveShift(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Parses an id, failing with the list of known ids. */
    public static BrveShift fromId(String id) {
        return StableId.parse(BrveShift.class, "BRVE shift", id);
    }
}
