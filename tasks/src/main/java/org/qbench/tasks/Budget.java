package org.qbench.tasks;

import org.qbench.methods.StableId;

/** How much compute a run may spend; each task maps a budget to a concrete training recipe. */
public enum Budget implements StableId {
    /** CI: the whole grid in minutes on tiny data. Checks the plumbing; the numbers mean nothing. */
    SMOKE("smoke", "CI plumbing check: tiny data and model, numbers are not meaningful"),
    /** The default: the whole grid in well under an hour on 2 CPU cores, numbers that order the methods. */
    QUICK("quick", "default: minutes per run on a 2-core CPU, numbers that show the real ordering"),
    /** The papers' protocols as far as the data allows; a GPU is recommended. */
    PAPER("paper", "the papers' protocols as far as data allows (hours; GPU recommended)");

    private final String id;
    private final String description;

    Budget(String id, String description) {
        this.id = id;
        this.description = description;
    }

    @Override
    public String id() {
        return id;
    }

    /** One line for {@code qbench list}. */
    public String description() {
        return description;
    }

    /** Parses an id, failing with the list of known ids. */
    public static Budget fromId(String id) {
        return StableId.parse(Budget.class, "budget", id);
    }
}
