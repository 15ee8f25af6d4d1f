package org.qbench.tasks.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import org.qbench.methods.binary.SpatialShift;
import org.qbench.methods.binary.SpatialShiftVariant;
import org.qbench.methods.binary.TemporalShift;

/**
 * BRVE's shift operations as blocks on the frame-batched features {@link BrveNet} carries ({@code [B T, C, H, W]},
 * frames of one clip consecutive): each views the features as {@code [B, T, C, H, W]}, applies the method module's
 * {@link TemporalShift} or {@link SpatialShift}, and folds the frames back into the batch.
 */
final class VideoShifts {

    private VideoShifts() {}

    /** The cyclic temporal roll by {@code C/2} channels (ShiftBlock1's shift). */
    static Block temporal(int channels, int window, boolean forward) {
        return new LambdaBlock(x -> new NDList(VideoUNet.framesToBatch(TemporalShift.apply(
                VideoUNet.batchToFrames(check(x.singletonOrThrow(), channels), window), forward))),
                forward ? "temporal_shift_forward" : "temporal_shift_reverse");
    }

    /** The roll, then the shifted neighbour channels concatenated ({@code C -> 3C/2}, ShiftBlock2's shift). */
    static Block spatialTemporal(int channels, int window, boolean forward, SpatialShiftVariant variant) {
        return new LambdaBlock(x -> new NDList(VideoUNet.framesToBatch(SpatialShift.apply(
                VideoUNet.batchToFrames(check(x.singletonOrThrow(), channels), window), variant, forward))),
                "spatial_temporal_shift_" + variant.id() + (forward ? "_forward" : "_reverse"));
    }

    private static NDArray check(NDArray x, int channels) {
        if (x.getShape().get(1) != channels) {
            throw new IllegalStateException("a shift built for " + channels + " channels got " + x.getShape());
        }
        return x;
    }
}
