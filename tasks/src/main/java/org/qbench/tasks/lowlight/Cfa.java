package org.qbench.tasks.lowlight;

/**
 * The four Bayer colour-filter-array phases, named by the colours of the 2x2 tile read row by row: {@code RGGB}
 * has red at (0, 0), green at (0, 1) and (1, 0), blue at (1, 1).
 */
public enum Cfa {
    /** Red at (0, 0), blue at (1, 1). */
    RGGB(0, 0, 0, 1, 1, 0, 1, 1),
    /** Blue at (0, 0), red at (1, 1). */
    BGGR(1, 1, 1, 0, 0, 1, 0, 0),
    /** Green at (0, 0), blue at (0, 1), red at (1, 0). */
    GBRG(1, 0, 0, 0, 1, 1, 0, 1),
    /** Green at (0, 0), red at (0, 1), blue at (1, 0). */
    GRBG(0, 1, 0, 0, 1, 1, 1, 0);

    private final int[] rows;
    private final int[] cols;

    /**
     * Offsets inside the 2x2 tile of the canonical packed channels R, G1, G2, B. G1 is the green on R's row, G2 the
     * green on B's row, so that for every phase G1 and G2 keep the meaning they have in RGGB.
     */
    Cfa(int rr, int rc, int g1r, int g1c, int g2r, int g2c, int br, int bc) {
        this.rows = new int[] {rr, g1r, g2r, br};
        this.cols = new int[] {rc, g1c, g2c, bc};
    }

    /** Row inside the 2x2 tile of packed channel {@code c} (0 = R, 1 = G1, 2 = G2, 3 = B). */
    public int row(int c) {
        return rows[c];
    }

    /** Column inside the 2x2 tile of packed channel {@code c} (0 = R, 1 = G1, 2 = G2, 3 = B). */
    public int col(int c) {
        return cols[c];
    }

    /** The RGB colour (0 = R, 1 = G, 2 = B) of packed channel {@code c}. */
    public static int colour(int c) {
        return c == 0 ? 0 : c == 3 ? 2 : 1;
    }

    /**
     * The phase named by {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known phases
     */
    public static Cfa parse(String name) {
        for (Cfa c : values()) {
            if (c.name().equalsIgnoreCase(name.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown CFA '" + name + "'; expected RGGB, BGGR, GBRG or GRBG");
    }
}
