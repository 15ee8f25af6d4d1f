package org.qbench.harness.parity;

/**
 * An integer computation's output, as the parity check compares it: per element an integer accumulator, the real value
 * of one accumulator unit, and a real term added after the product (the float bias, and an LSQ+ offset folded into
 * it). Differences are reported in LSBs of {@code 2^extraBits} accumulator units: a layer whose input was requantized
 * onto a grid {@code 2^r} times finer than its coarsest common step (per-channel input scales) reports in LSBs of that
 * step, not of the finer grid.
 */
interface IntegerOutput {

    /** Output elements. */
    int size();

    /** The integer accumulator of element {@code e}. */
    long acc(int e);

    /** The real value of one accumulator unit of element {@code e}. */
    double lsb(int e);

    /** Whether a real term is added after the product: {@link #added} is then not identically 0. */
    boolean hasAdded();

    /** The real term added to element {@code e} after the product (0 when none). */
    double added(int e);

    /** {@code r}: the reported LSB is {@code 2^r} accumulator units. */
    default int extraBits() {
        return 0;
    }

    /** The kernel that computed the accumulators. */
    String kernel();

    /** The output's shape. */
    long[] outputShape();

    /** A fake-quant output {@code fq} of element {@code e} in accumulator units: {@code (fq - added) / lsb}. */
    default double inAccumulatorUnits(int e, float fq) {
        return (fq - added(e)) / lsb(e);
    }

    /** The real value of element {@code e}. */
    default double value(int e) {
        return acc(e) * lsb(e) + added(e);
    }
}
