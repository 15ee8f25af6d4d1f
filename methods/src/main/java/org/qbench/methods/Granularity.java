package org.qbench.methods;

/** How many quantization parameters (step sizes, scales) a tensor gets. */
public enum Granularity implements StableId {
    /** One set of parameters for the whole tensor (LSQ's choice). */
    PER_TENSOR("per-tensor"),
    /** One set per output channel (dimension 0 of a weight tensor). */
    PER_CHANNEL("per-channel"),
    /** One set per group of channels. */
    PER_GROUP("per-group");

    private final String id;

    Granularity(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
