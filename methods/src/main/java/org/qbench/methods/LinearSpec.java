package org.qbench.methods;

import java.util.Objects;

/**
 * What a model asks of a fully connected layer on the last axis of its input. Start from {@link #of} and
 * change what differs from the defaults with the {@code with*} methods; every value is checked when the spec
 * is made.
 *
 * @param units output features
 * @param bias whether a full-precision bias is added (true by default, as in every model so far)
 * @param role what the layer does, which decides its precision
 * @param signedInput whether the input can be negative; false for a ReLU output. An unsigned grid clips
 *     negative inputs to zero, so say true when in doubt.
 * @param inputBits the bit depth of the integer grid the input already lies on, or
 *     {@link LayerFactory#FLOAT_INPUT} (see {@link ConvSpec#inputBits()})
 */
public record LinearSpec(int units, boolean bias, LayerRole role, boolean signedInput, int inputBits) {

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code LinearSpec.units must be >= 1, got 0}
     */
    public LinearSpec {
        SpecChecks.atLeast("LinearSpec.units", units, 1);
        Objects.requireNonNull(role, "LinearSpec.role");
        SpecChecks.inputBits("LinearSpec.inputBits", inputBits);
    }

    /** A layer with a bias and an unsigned input on no integer grid. */
    public static LinearSpec of(int units, LayerRole role) {
        return new LinearSpec(units, true, role, false, LayerFactory.FLOAT_INPUT);
    }

    /** This spec with or without a bias. */
    public LinearSpec withBias(boolean value) {
        return new LinearSpec(units, value, role, signedInput, inputBits);
    }

    /** This spec with another input signedness. */
    public LinearSpec withSignedInput(boolean value) {
        return new LinearSpec(units, bias, role, value, inputBits);
    }

    /** This spec with its input on an integer grid of {@code value} bits ({@link LayerFactory#FLOAT_INPUT}: none). */
    public LinearSpec withInputBits(int value) {
        return new LinearSpec(units, bias, role, signedInput, value);
    }
}
