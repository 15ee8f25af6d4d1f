package org.qbench.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.qbench.harness.kernels.KernelReport;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.tables.KernelTable;
import org.qbench.harness.tables.DeployTable;
import org.qbench.harness.tables.ReportedTables;
import org.qbench.harness.tables.TableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qbench tables}: regenerates the tables from result files. */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = {"Regenerate the tables from result files (CSV + Markdown + LaTeX, byte-identical for the same "
                + "results): one measured table per suite, task, budget and evaluation subset with every metric the task "
                + "measures, reported numbers beside and a computed verdict row where the suite asks for them; beside each, "
                + "plots of its first metric against bit width and against BOPs (SVG + PNG); the claim ledger "
                + "(claims.md, claims.csv); for tasks whose runs save pictures (super-resolution), the ground truth and "
                + "each method's output side by side (<table>_pictures.png, captioned in <table>_pictures.md); for a suite with "
                + "an ablation or a reduction claim, <table>_ablation and <table>_reduction with computed verdicts (cost "
                + "from the cost model, quality measured); and the papers' reported tables (reported_*)."})
final class TablesCommand implements Callable<Integer> {

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Folder of result files (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "paper-tables",
            description = "Folder for the tables (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--reported", paramLabel = "DIR",
            description = "Folder of reported-number files (default: paper-tables/reported in the qbench checkout).")
    Path reported;

    @Override
    public Integer call() {
        writeAll(new ResultStore(results), out, reported);
        return 0;
    }

    /** The tables of every kernel report in {@code dir} ({@code qbench kernels} output), if any. */
    private static List<Path> kernelTables(Path dir, Path out) {
        List<Path> written = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return written;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try (var in = Files.newInputStream(f)) {
                    written.addAll(KernelTable.write(Json.parse(in, KernelReport.class, f.toString()), out));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read kernel reports in " + dir, e);
        }
        return written;
    }

    /** Writes the measured tables of every result and the reported tables, printing each path. */
    static void writeAll(ResultStore store, Path out, Path reportedDir) {
        Path reported = reportedDir != null ? reportedDir : QbenchCli.home().resolve("paper-tables").resolve("reported");
        if (!Files.isDirectory(reported)) {
            if (reportedDir != null) {
                throw new IllegalArgumentException(reportedDir + ": no such folder of reported numbers");
            }
            System.err.println("qbench: no reported numbers at " + reported + " (not a qbench checkout?): tables without them");
            reported = null;
        }
        List<Path> written = new ArrayList<>(TableWriter.write(store.readAll(), out, reported, store, new RegistryCostModel()));
        if (reported != null) {
            written.addAll(ReportedTables.write(reported, out));
        }
        written.addAll(kernelTables(store.root().resolve(ResultStore.KERNELS), out));
        written.addAll(DeployTable.writeAll(store, out));
        written.forEach(System.out::println);
    }
}
