package org.qbench.hardware.kernel;

/** A prepared integer GEMM whose result is a row-major int32 array. */
abstract class IntPrepared implements GemmKernel.Prepared {

    private final int[] c;
    private final GemmShape shape;

    IntPrepared(int[] c, GemmShape shape) {
        this.c = c;
        this.shape = shape;
    }

    @Override
    public long output(int m, int n) {
        return c[m * shape.n() + n];
    }
}
