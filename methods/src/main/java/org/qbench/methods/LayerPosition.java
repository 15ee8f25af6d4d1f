package org.qbench.methods;

/** Where a layer sits in the network; the first and last layers follow their own precision protocol. */
public enum LayerPosition {
    /** The first layer, which sees the raw (signed, normalised) input. */
    FIRST,
    /** Any layer between the first and the last. */
    HIDDEN,
    /** The classifier or reconstruction head. */
    LAST
}
