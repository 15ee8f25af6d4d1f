package org.qbench.harness.tables;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The claim ledger, {@code claims.csv} and {@code claims.md}: one row per survey claim a suite tests, per task,
 * budget, subset and bit width, with its computed verdict and the numbers behind it (the claimant's cell and the
 * best other method's). Regenerated with the tables from the same cells, so the ledger and the tables' verdict
 * rows cannot disagree.
 */
final class ClaimLedger {

    private ClaimLedger() {}

    /**
     * One judged claim at one bit width.
     *
     * @param claim the claim in words
     * @param suite suite id
     * @param task task id
     * @param budget budget id
     * @param subset evaluation subset ("" for the task's one test set)
     * @param metric the metric judged, in its direction
     * @param bits the bit width, as tables label it ({@code W4A4})
     * @param verdict the computed verdict
     * @param claimant the method the claim is about
     * @param claimantStats its cell (null when it has no run)
     * @param bestOther the best other method ("" when none)
     * @param bestOtherStats its cell (null when none)
     * @param table the table file the verdict row is in
     * @param rule the rule of a verdict that is not "the claimant is best" (an ablation or a reduction: the best
     *     other is the variant or baseline compared with), printed under that table; null for a best-method claim
     */
    record Entry(String claim, String suite, String task, String budget, String subset, TableWriter.MetricColumn metric,
            String bits, Verdict verdict, String claimant, CellStats claimantStats, String bestOther,
            CellStats bestOtherStats, String table, String rule) {

        /** A best-method claim's entry. */
        Entry(String claim, String suite, String task, String budget, String subset, TableWriter.MetricColumn metric,
                String bits, Verdict verdict, String claimant, CellStats claimantStats, String bestOther,
                CellStats bestOtherStats, String table) {
            this(claim, suite, task, budget, subset, metric, bits, verdict, claimant, claimantStats, bestOther,
                    bestOtherStats, table, null);
        }
    }

    /** Writes {@code claims.csv} and {@code claims.md} and returns their paths. */
    static List<Path> write(List<Entry> entries, Path outDir) throws IOException {
        List<Entry> sorted = entries.stream().sorted(Comparator.comparing(Entry::suite).thenComparing(Entry::task)
                .thenComparing(Entry::budget).thenComparing(Entry::subset)).toList(); // bits stay in the claim's order
        List<Path> written = new ArrayList<>();
        written.add(TableWriter.write(outDir.resolve("claims.csv"), TableWriter.csv(p -> {
            p.printRecord("claim", "suite", "task", "budget", "subset", "metric", "direction", "bits", "verdict",
                    "claimant", "claimant_mean", "claimant_std", "claimant_n", "best_other", "best_other_mean",
                    "best_other_std", "best_other_n", "table", "source");
            for (Entry e : sorted) {
                int d = e.metric().csvDecimals();
                p.printRecord(e.claim(), e.suite(), e.task(), e.budget(), e.subset(), e.metric().name(),
                        e.metric().higherIsBetter() ? "higher is better" : "lower is better", e.bits(), e.verdict().label(),
                        e.claimant(), mean(e.claimantStats(), d), std(e.claimantStats(), d), n(e.claimantStats()),
                        e.bestOther(), mean(e.bestOtherStats(), d), std(e.bestOtherStats(), d), n(e.bestOtherStats()),
                        e.table(), TableWriter.MEASURED);
            }
        })));
        StringBuilder md = new StringBuilder("# Claims the suites test, with computed verdicts\n\n")
                .append("Every verdict is computed from measured cells (mean ± sample std over seeds), never typed: ")
                .append(Verdict.RULE).append(" (for a metric where lower is better, \"above\" reads \"below\"). ")
                .append("The figures behind each row are in `claims.csv` and in the table it names.\n\n");
        if (sorted.stream().anyMatch(e -> e.rule() != null)) {
            // Said only then, so the ledger of suites without ablations or reductions reads as it always did.
            md.append("Rows of ablation and reduction tables (`*_ablation.md`, `*_reduction.md`) follow the rule printed ")
                    .append("under their table instead; there \"best other\" is the ablated variant or the baseline, and ")
                    .append("a verdict may be refuted.\n\n");
        }
        md.append("| claim | suite | task | budget | metric | bits | verdict | claimant | best other | table |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Entry e : sorted) {
            int d = e.metric().decimals();
            md.append("| ").append(TextTable.escape(e.claim())).append(" | ").append(e.suite()).append(" | ").append(e.task())
                    .append(e.subset().isEmpty() ? "" : " on " + e.subset()).append(" | ").append(e.budget())
                    .append(" | ").append(e.metric().label()).append(e.metric().higherIsBetter() ? " ↑" : " ↓")
                    .append(" | ").append(e.bits()).append(" | ").append(e.verdict().label())
                    .append(" | ").append(e.claimant()).append(' ').append(cell(e.claimantStats(), d))
                    .append(" | ").append(e.bestOther().isEmpty() ? "—" : e.bestOther() + " " + cell(e.bestOtherStats(), d))
                    .append(" | [").append(e.table()).append("](").append(e.table()).append(") |\n");
        }
        written.add(TableWriter.write(outDir.resolve("claims.md"), md.toString()));
        return written;
    }

    private static String cell(CellStats s, int d) {
        if (s == null || s.n() == 0) {
            return "—";
        }
        return TableWriter.num(s.mean(), d) + (s.n() >= 2 ? " ± " + TableWriter.num(s.std(), d) : "") + " (" + s.n() + ")";
    }

    private static String mean(CellStats s, int d) {
        return s == null ? "" : TableWriter.num(s.mean(), d);
    }

    private static String std(CellStats s, int d) {
        return s == null ? "" : TableWriter.num(s.std(), d);
    }

    private static int n(CellStats s) {
        return s == null ? 0 : s.n();
    }
}
