package org.qbench.methods;

import ai.djl.nn.Block;
import java.util.Objects;

/**
 * A binary network's request for "a residual binary block around this conv" ({@code y = x + ...conv(x + beta)...},
 * in = out = {@code channels}), passed to {@link LayerFactory#custom}. A BiBench baseline answers with its plain
 * block (learnable bias, conv, RPReLU, identity shortcut: no DACA), the block it puts in place of BRVE's DABC; BRVE,
 * FP32 and LSQ answer empty and the network builds BRVE's DABC (with DACA) around the method's conv itself. BRVE
 * without DACA ({@code daca=false}) answers the plain block too.
 *
 * @param role where the block sits ({@link LayerRole#BODY})
 * @param channels the block's width (input and output)
 * @param conv the block's convolution, built from the run's factory, not yet initialised
 */
public record BinaryBlockRequest(LayerRole role, int channels, Block conv) implements BlockRequest {

    /** Validates the width and presence of the conv. */
    public BinaryBlockRequest {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(conv, "conv");
        if (channels < 1) {
            throw new IllegalArgumentException("BinaryBlockRequest.channels must be >= 1, got " + channels);
        }
    }
}
