package org.qbench.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Shard;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.grid.Suites;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.run.Environment;
import org.qbench.harness.run.Runner;
import org.qbench.harness.tables.TableWriter;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qbench reproduce}: runs a suite's whole grid (resuming), then regenerates its tables. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run a suite's grid on this machine, skipping cells whose result exists (so a killed run "
                + "resumes), then regenerate the tables and print their paths."})
final class ReproduceCommand implements Callable<Integer> {

    @Option(names = "--suite", paramLabel = "ID", defaultValue = Suites.DEFAULT,
            description = "Suite to run (default: ${DEFAULT-VALUE}; see 'qbench list').")
    String suite;

    @Mixin
    CommonOptions common;

    @Option(names = "--seeds", paramLabel = "LIST", split = ",",
            description = "Seeds to run, comma-separated (default: the suite's).")
    List<Long> seeds;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1",
            description = "Run only cells k with k mod n = i (0-based), e.g. \\$SLURM_ARRAY_TASK_ID/4 (default: all).")
    String shard;

    @Option(names = "--tables-out", paramLabel = "DIR",
            description = "Where tables go (default: paper-tables/ when --out is results/, else <out>/tables).")
    Path tablesOut;

    @Override
    public Integer call() {
        Budget budget = Budget.fromId(common.budget);
        Shard slice = Shard.parse(shard);
        Suite s = Suites.builtIn().get(suite);
        List<RunSpec> grid = s.expand(budget, seeds);
        List<RunSpec> cells = slice.select(grid);
        ResultStore store = new ResultStore(common.out);
        System.err.printf("qbench: suite %s, budget %s: %d cells%s, results in %s%n", s.id(), budget.id(), cells.size(),
                slice.count() > 1 ? " (shard " + shard + " of " + grid.size() + ")" : "", common.out);
        Runner runner = new Runner(store, Environment.observe(QbenchCli.home()), common.dataDir(), Tasks.builtIn(), Methods.builtIn());
        long start = System.nanoTime();
        List<RunResult> produced = runner.run(s.id(), cells, new ConsoleProgress());
        long failed = produced.stream().filter(r -> !r.ok()).count();
        System.err.printf("qbench: %d run(s) in %.1f s, %d skipped (result existed), %d failed%n",
                produced.size(), (System.nanoTime() - start) / 1e9, cells.size() - produced.size(), failed);
        Path tables = tablesOut != null ? tablesOut
                : common.out.normalize().equals(Path.of("results")) ? Path.of("paper-tables") : common.out.resolve("tables");
        for (Path p : TableWriter.write(store.readAll(), tables)) {
            System.out.println(p);
        }
        return 0;
    }
}
