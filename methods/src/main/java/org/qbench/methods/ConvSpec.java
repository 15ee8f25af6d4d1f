package org.qbench.methods;

import java.util.Objects;

/**
 * What a model asks of a 2-D convolution (NCHW, square kernel, the same stride, padding and dilation in both
 * directions). Start from {@link #of} and change what differs from the defaults with the {@code with*}
 * methods; every value is checked when the spec is made.
 *
 * @param outChannels number of filters, divisible by {@code groups}
 * @param kernel square kernel size
 * @param stride stride in both directions
 * @param padding zero padding on each side
 * @param dilation spacing between kernel taps (1: a dense kernel)
 * @param groups channel groups (1: a full convolution; the input's channels must also divide by it)
 * @param bias whether a full-precision bias is added (false where a batch norm follows)
 * @param role what the layer does, which decides its precision
 * @param signedInput whether the input can be negative (a normalised image, a residual sum before its ReLU);
 *     false for a ReLU output. An unsigned grid clips negative inputs to zero, so say true when in doubt.
 * @param inputBits the bit depth of the integer grid the input already lies on (the task's data at a stem: 8
 *     for uint8 images, 10..16 for raw frames), or {@link LayerFactory#FLOAT_INPUT} when it lies on none.
 *     A layer whose activation width is at least this keeps its input as it is (no quantizer of its own).
 */
public record ConvSpec(
        int outChannels, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
        LayerRole role, boolean signedInput, int inputBits) {

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code ConvSpec.stride must be >= 1, got 0}
     */
    public ConvSpec {
        SpecChecks.atLeast("ConvSpec.outChannels", outChannels, 1);
        SpecChecks.atLeast("ConvSpec.kernel", kernel, 1);
        SpecChecks.atLeast("ConvSpec.stride", stride, 1);
        SpecChecks.atLeast("ConvSpec.padding", padding, 0);
        SpecChecks.atLeast("ConvSpec.dilation", dilation, 1);
        SpecChecks.atLeast("ConvSpec.groups", groups, 1);
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException(
                    "ConvSpec.groups must divide outChannels (" + outChannels + "), got " + groups);
        }
        Objects.requireNonNull(role, "ConvSpec.role");
        SpecChecks.inputBits("ConvSpec.inputBits", inputBits);
    }

    /**
     * A convolution with stride 1, no padding, no dilation, one group, no bias, an unsigned input on no integer
     * grid.
     */
    public static ConvSpec of(int outChannels, int kernel, LayerRole role) {
        return new ConvSpec(outChannels, kernel, 1, 0, 1, 1, false, role, false, LayerFactory.FLOAT_INPUT);
    }

    /** This spec with another stride. */
    public ConvSpec withStride(int value) {
        return new ConvSpec(outChannels, kernel, value, padding, dilation, groups, bias, role, signedInput, inputBits);
    }

    /** This spec with another zero padding. */
    public ConvSpec withPadding(int value) {
        return new ConvSpec(outChannels, kernel, stride, value, dilation, groups, bias, role, signedInput, inputBits);
    }

    /** This spec with another dilation. */
    public ConvSpec withDilation(int value) {
        return new ConvSpec(outChannels, kernel, stride, padding, value, groups, bias, role, signedInput, inputBits);
    }

    /** This spec with another number of channel groups. */
    public ConvSpec withGroups(int value) {
        return new ConvSpec(outChannels, kernel, stride, padding, dilation, value, bias, role, signedInput, inputBits);
    }

    /** This spec with or without a bias. */
    public ConvSpec withBias(boolean value) {
        return new ConvSpec(
                outChannels, kernel, stride, padding, dilation, groups, value, role, signedInput, inputBits);
    }

    /** This spec with another input signedness. */
    public ConvSpec withSignedInput(boolean value) {
        return new ConvSpec(outChannels, kernel, stride, padding, dilation, groups, bias, role, value, inputBits);
    }

    /** This spec with its input on an integer grid of {@code value} bits ({@link LayerFactory#FLOAT_INPUT}: none). */
    public ConvSpec withInputBits(int value) {
        return new ConvSpec(outChannels, kernel, stride, padding, dilation, groups, bias, role, signedInput, value);
    }

    /** The kernel's extent on the input, dilation included: {@code dilation * (kernel - 1) + 1}. */
    public int dilatedKernel() {
        return dilation * (kernel - 1) + 1;
    }

    /** The output size along one spatial axis of {@code inputSize}. */
    public long outputSize(long inputSize) {
        return (inputSize + 2L * padding - dilatedKernel()) / stride + 1;
    }
}
