package org.qbench.methods.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * BRVE's spatial-temporal shift ({@code ShiftBlock2}'s shift), parameter-free, on {@code (B, T, C, H, W)} features
 * (C even, {@code h = C/2}): the {@link TemporalShift} roll, then shifted copies of the {@code h} channels that came
 * from the neighbour frame (channels {@code 0..h} after a forward roll, {@code h..C} after a reverse one)
 * concatenated after the C rolled channels: output {@code (B, T, C + h, H, W)}.
 *
 * <p>Shift convention, along every shifted axis: {@code out[i] = in[i - d]} for an offset {@code d}, zero where
 * {@code i - d} falls outside (a positive offset moves content to higher indices: down, right, later channels).
 *
 * <ul>
 *   <li>{@link SpatialShiftVariant#PAPER}: neighbour channel {@code j} (0..h-1) is shifted by offset
 *       {@link #OFFSETS}{@code [floor(24 j / h)]} in {@code (row, column)}: contiguous groups, one channel per offset
 *       when {@code h = 24} (BRVE's C = 48), {@code h/24} channels per offset when h is a multiple of 24, and for
 *       {@code h < 24} the offsets {@code floor(24 j / h)} spread over the list. The 24 offsets are the non-centre
 *       points of the dilated 5x5 grid {@code {-8, -4, 0, 4, 8}^2}, in row-major order (row offset first).
 *   <li>{@link SpatialShiftVariant#RELEASED}: what the released code does to the 5-D tensor ({@code sr-lowlight.md}
 *       §3.3): the group index slices time, the two offsets apply to the channel and row axes, into a zero buffer.
 *       Frame 0's neighbour channels are shifted by 8 channels and 8 rows, frame 1's by 8 channels and 4 rows,
 *       frame 2's by 8 channels and 0 rows; frames from 3 on are zeros; no horizontal shift.
 * </ul>
 */
public final class SpatialShift extends AbstractBlock {

    private static final byte VERSION = 1;
    /** The paper variant's offsets: {@code {-8, -4, 0, 4, 8}^2} without the centre, row-major (row offset first). */
    public static final List<Offset> OFFSETS = offsets();
    /** The released variant's channel offset, the same for every frame. */
    static final int RELEASED_CHANNEL_OFFSET = 8;
    /** The released variant's row offsets of frames 0, 1, 2. */
    static final int[] RELEASED_ROW_OFFSETS = {8, 4, 0};

    private static final int CHANNEL_AXIS = 2;
    private static final int ROW_AXIS = 3;
    private static final int COLUMN_AXIS = 4;

    private final SpatialShiftVariant variant;
    private final boolean forward;

    /**
     * A shift unit.
     *
     * @param variant paper or released spatial shift
     * @param forward the direction of the temporal roll
     */
    public SpatialShift(SpatialShiftVariant variant, boolean forward) {
        super(VERSION);
        this.variant = variant;
        this.forward = forward;
    }

    /**
     * A spatial offset of the paper variant.
     *
     * @param dy rows ({@code out[y] = in[y - dy]})
     * @param dx columns ({@code out[x] = in[x - dx]})
     */
    public record Offset(int dy, int dx) {}

    private static List<Offset> offsets() {
        List<Offset> list = new ArrayList<>();
        for (int dy = -8; dy <= 8; dy += 4) {
            for (int dx = -8; dx <= 8; dx += 4) {
                if (dy != 0 || dx != 0) {
                    list.add(new Offset(dy, dx));
                }
            }
        }
        return List.copyOf(list);
    }

    /** The variant. */
    public SpatialShiftVariant variant() {
        return variant;
    }

    /** Whether the temporal roll is forward. */
    public boolean isForward() {
        return forward;
    }

    /** The paper variant's offset index of neighbour channel {@code j} of {@code h}: {@code floor(24 j / h)}. */
    public static int offsetIndex(int j, int h) {
        return (int) ((long) OFFSETS.size() * j / h);
    }

    /**
     * The shifted features.
     *
     * @param x features {@code (B, T, C, H, W)}, C even
     * @param variant paper or released spatial shift
     * @param forward the direction of the temporal roll
     * @return {@code (B, T, 3C/2, H, W)}: the rolled features, then the shifted neighbour channels
     */
    public static NDArray apply(NDArray x, SpatialShiftVariant variant, boolean forward) {
        NDArray rolled = TemporalShift.apply(x, forward);
        long c = x.getShape().get(CHANNEL_AXIS);
        long h = c / 2;
        NDArray neighbour = forward ? slice(rolled, CHANNEL_AXIS, 0, h) : slice(rolled, CHANNEL_AXIS, c - h, c);
        NDArray shifted = variant == SpatialShiftVariant.PAPER ? paper(neighbour) : released(neighbour);
        return rolled.concat(shifted, CHANNEL_AXIS);
    }

    private static NDArray paper(NDArray n) {
        int h = (int) n.getShape().get(CHANNEL_AXIS);
        NDList groups = new NDList();
        int start = 0;
        while (start < h) {
            int g = offsetIndex(start, h);
            int end = start + 1;
            while (end < h && offsetIndex(end, h) == g) {
                end++;
            }
            Offset d = OFFSETS.get(g);
            groups.add(shift(shift(slice(n, CHANNEL_AXIS, start, end), ROW_AXIS, d.dy()), COLUMN_AXIS, d.dx()));
            start = end;
        }
        return NDArrays.concat(groups, CHANNEL_AXIS);
    }

    private static NDArray released(NDArray n) {
        long frames = n.getShape().get(1);
        NDList out = new NDList();
        for (int t = 0; t < frames; t++) {
            NDArray frame = slice(n, 1, t, t + 1);
            out.add(t < RELEASED_ROW_OFFSETS.length
                    ? shift(shift(frame, CHANNEL_AXIS, RELEASED_CHANNEL_OFFSET), ROW_AXIS, RELEASED_ROW_OFFSETS[t])
                    : zeros(frame, frame.getShape()));
        }
        return NDArrays.concat(out, 1);
    }

    /** {@code out[i] = in[i - d]} along {@code axis}, zero-filled. */
    static NDArray shift(NDArray a, int axis, int d) {
        long length = a.getShape().get(axis);
        if (d == 0) {
            return a;
        }
        if (Math.abs(d) >= length) {
            return zeros(a, a.getShape());
        }
        long[] dims = a.getShape().getShape().clone();
        dims[axis] = Math.abs(d);
        NDArray fill = zeros(a, new Shape(dims));
        return d > 0
                ? fill.concat(slice(a, axis, 0, length - d), axis)
                : slice(a, axis, -d, length).concat(fill, axis);
    }

    private static NDArray slice(NDArray a, int axis, long from, long to) {
        return a.get(new NDIndex().addAllDim(axis).addSliceDim(from, to));
    }

    private static NDArray zeros(NDArray like, Shape shape) {
        return like.getManager().zeros(shape, like.getDataType(), like.getDevice());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), variant, forward));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) + in.get(2) / 2, in.get(3), in.get(4))};
    }
}
