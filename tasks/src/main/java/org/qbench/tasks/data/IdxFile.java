package org.qbench.tasks.data;

/**
 * The contents of an IDX file of unsigned bytes (the MNIST family's format).
 *
 * @param dims the dimensions, outermost first (count, then e.g. rows and columns)
 * @param data the values in row-major order, as unsigned bytes stored in Java bytes
 */
public record IdxFile(int[] dims, byte[] data) {

    /** The number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** The unsigned value at flat index {@code i}. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }
}
