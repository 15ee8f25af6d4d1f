package org.qbench.harness.grid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.List;

/**
 * A slice {@code index/count} of a grid (0-based index), so one grid can be spread over a Slurm job array or a
 * Kubernetes indexed Job: cell {@code k} belongs to shard {@code k mod count}. A cell that reads another cell's
 * trained model ({@link RunSpec#inputs()}) goes with it: a group of cells tied by inputs belongs to the shard of
 * its first cell's position, so no shard waits on another.
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

    /** The cells of this shard, in grid order, cells tied by inputs kept together. */
    public List<RunSpec> selectCells(List<RunSpec> cells) {
        return selectCells(cells, id -> false);
    }

    /**
     * The cells of this shard, in grid order. Cells tied by inputs are kept together, except through an input whose
     * model is already saved ({@code saved}): a reader of a finished teacher can run anywhere. Groups (a lone cell is
     * a group of one) go to shards in turn by their first cell's position, so without ties cell {@code k} goes to
     * shard {@code k mod count}, and once the teachers have run their readers spread over every shard.
     *
     * @param saved whether the trained model of a run id is already saved where every shard can read it
     */
    public List<RunSpec> selectCells(List<RunSpec> cells, Predicate<String> saved) {
        // Union-find over grid positions: a group is known by its first position.
        int[] parent = new int[cells.size()];
        Map<String, Integer> position = new HashMap<>();
        for (int k = 0; k < cells.size(); k++) {
            parent[k] = k;
            position.putIfAbsent(cells.get(k).runId(), k);
        }
        for (int k = 0; k < cells.size(); k++) {
            for (String input : cells.get(k).inputsOrEmpty().values()) {
                Integer d = position.get(input);
                if (d != null && !saved.test(input)) {
                    int a = root(parent, k);
                    int b = root(parent, d);
                    parent[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
        Map<Integer, Integer> groupOrdinal = new HashMap<>();
        List<RunSpec> mine = new ArrayList<>();
        for (int k = 0; k < cells.size(); k++) {
            int group = groupOrdinal.computeIfAbsent(root(parent, k), r -> groupOrdinal.size());
            if (group % count == index) {
                mine.add(cells.get(k));
            }
        }
        return mine;
    }

    private static int root(int[] parent, int k) {
        while (parent[k] != k) {
            k = parent[k];
        }
        return k;
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
