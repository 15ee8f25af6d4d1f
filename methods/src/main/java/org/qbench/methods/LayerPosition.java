package org.qbench.methods;

/**
 * Where a layer sits in the network, as cost breakdowns and parity reports record it ({@code first},
 * {@code hidden}, {@code last}: the constant's name in lower case). Models say what a layer does with a
 * {@link LayerRole}; this is the role's recorded form ({@link LayerRole#position()}).
 */
public enum LayerPosition {
    /** The first layer, which sees the task's data ({@link LayerRole#STEM}). */
    FIRST,
    /** Any layer between the first and the last (every other role). */
    HIDDEN,
    /** The classifier or reconstruction head ({@link LayerRole#HEAD}). */
    LAST
}
