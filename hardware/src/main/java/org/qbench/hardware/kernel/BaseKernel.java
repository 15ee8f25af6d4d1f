package org.qbench.hardware.kernel;

/** The identity every kernel carries (id, width, description, reference or fast); subclasses add the work. */
abstract class BaseKernel implements GemmKernel {

    private final String id;
    private final int bits;
    private final String description;
    private final boolean reference;

    BaseKernel(String id, int bits, boolean reference, String description) {
        this.id = id;
        this.bits = bits;
        this.reference = reference;
        this.description = description;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int bits() {
        return bits;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final boolean reference() {
        return reference;
    }

    /** Fails with the kernel's name when it does not take these codes. */
    final void requireSupport(Codes a, Codes w) {
        if (!supports(a, w)) {
            throw new IllegalArgumentException(id + " does not multiply " + a + " by " + w + " codes");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
