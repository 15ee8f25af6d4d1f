package org.qbench.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.grid.Suites;
import org.qbench.harness.tables.CostTable;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Task;
import org.qbench.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qbench cost}: the cost model (params, size, MACs, BOPs, OPs per layer) of every model in a suite. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Compute the cost model of every model in a suite from shapes and bit widths alone (no data, no "
                + "training, seconds): params, size in bits, MACs, BOPs = MACs·b_w·b_a and Bi-Real OPs = FLOPs + BOPs/64, "
                + "per layer and in total; write <suite>_<task>_<budget>_cost.{csv,md,tex}. 'reproduce' writes the same "
                + "tables for its suite."})
final class CostCommand implements Callable<Integer> {

    @Option(names = "--suite", paramLabel = "ID", defaultValue = Suites.DEFAULT,
            description = "Suite whose models to cost (default: ${DEFAULT-VALUE}; see 'qbench list').")
    String suite;

    @Option(names = "--budget", paramLabel = "ID", defaultValue = "quick",
            description = "Budget whose models to cost: smoke, quick (default) or paper.")
    String budget;

    @Option(names = "--tasks", paramLabel = "LIST", split = ",",
            description = "Tasks instead of the suite's own, e.g. cls-cifar10 (default: the suite's).")
    List<String> tasks;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "paper-tables",
            description = "Folder for the tables (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        write(Suites.builtIn().get(suite), Budget.fromId(budget), tasks, out).forEach(System.out::println);
        return 0;
    }

    /** Writes the cost tables of a suite's models, one set per task, and returns their paths. */
    static List<Path> write(Suite s, Budget budget, List<String> taskOverride, Path out) {
        // Seeds and epochs do not change a model's cost: one entry per task, method variant, bits and first/last
        // protocol. The variant, not the method: options can change the network itself (fp32 (network=unet)).
        Map<String, Map<String, RunSpec>> models = new LinkedHashMap<>();
        for (RunSpec spec : s.expand(budget, null, taskOverride)) {
            models.computeIfAbsent(spec.task(), t -> new LinkedHashMap<>())
                    .putIfAbsent(spec.variant() + "/" + spec.bits() + "/" + spec.firstLast(), spec);
        }
        List<Path> written = new ArrayList<>();
        models.forEach((taskId, specs) -> {
            Task task = Tasks.builtIn().get(taskId);
            List<CostTable.Entry> entries = new ArrayList<>();
            for (RunSpec spec : specs.values()) {
                entries.add(new CostTable.Entry(spec.method(), spec.variant(), spec.bits(), spec.firstLast(),
                        task.cost(Methods.builtIn().get(spec.method()), spec.methodConfig(Methods.builtIn().get(spec.method())), budget)));
            }
            written.addAll(CostTable.write(s.id(), taskId, budget.id(), entries, out));
        });
        return written;
    }
}
