package org.qbench.harness.grid;

import java.util.ArrayList;
import java.util.List;

/**
 * A slice {@code index/count} of a grid (0-based index), so one grid can be spread over a Slurm job array or a
 * Kubernetes indexed Job: cell {@code k} belongs to shard {@code k mod count}.
 *
 * @param index this shard, 0..count-1
 * @param count number of shards
 */
public record Shard(int index, int count) {

    /** The whole grid. */
    public static final Shard ALL = new Shard(0, 1);

    /** Validates the slice. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("bad shard " + index + "/" + count + " (expected i/n with 0 <= i < n)");
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("bad --shard '" + text + "' (expected i/n with 0 <= i < n, e.g. 0/4)");
    }

    /** The cells of this shard, in grid order. */
    public <T> List<T> select(List<T> cells) {
        List<T> mine = new ArrayList<>();
        for (int k = index; k < cells.size(); k += count) {
            mine.add(cells.get(k));
        }
        return mine;
    }
}
