package org.qbench.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.tables.TableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qbench tables}: regenerates the tables from result files. */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "Regenerate tables (CSV + Markdown) from result files; byte-identical for the same results.")
final class TablesCommand implements Callable<Integer> {

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Folder of result files (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "paper-tables",
            description = "Folder for the tables (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        for (Path p : TableWriter.write(new ResultStore(results).readAll(), out)) {
            System.out.println(p);
        }
        return 0;
    }
}
