package org.qbench.methods;

import ai.djl.nn.Block;
import java.util.Objects;

/**
 * A reconstruction network's request for one residual block {@code y = x + F(x)} around a body {@code F} the model
 * has already built from the factory's layers (an EDSR block: conv, ReLU, conv), answered through
 * {@link LayerFactory#custom} by methods that change the block itself: QuantSR's depth-dynamic block
 * ({@code y = alpha_i x + F(x)} with a learnable shortcut scale, skippable); every other method answers empty and
 * the model adds the plain identity shortcut.
 *
 * @param role where the block sits ({@link LayerRole#BODY})
 * @param index the block's position in the body, from 0
 * @param count how many such blocks the body has
 * @param channels the block's width (input and output)
 * @param body the residual branch {@code F}, not yet initialised
 */
public record ScaledResidualRequest(LayerRole role, int index, int count, int channels, Block body)
        implements BlockRequest {

    /** Validates the position and presence of the body. */
    public ScaledResidualRequest {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(body, "body");
        if (count < 1 || index < 0 || index >= count || channels < 1) {
            throw new IllegalArgumentException("block " + index + " of " + count + " with " + channels
                    + " channels is not a valid residual block position");
        }
    }
}
