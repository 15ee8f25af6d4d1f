package org.qbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Shard;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.grid.Suites;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.run.Environment;
import org.qbench.harness.run.Runner;
import org.qbench.harness.run.WorkerPool;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qbench reproduce}: runs a suite's whole grid (resuming), then regenerates its tables. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run a suite's grid on this machine, skipping cells whose result exists (so a killed run "
                + "resumes; a result file that does not read back is moved aside to <runId>.json.corrupt and its "
                + "cell rerun), then regenerate the tables and print their paths."})
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

    @Option(names = "--tasks", paramLabel = "LIST", split = ",",
            description = "Tasks to run the suite on instead of its own, e.g. cls-cifar10 (default: the suite's).")
    List<String> tasks;

    @Option(names = "--jobs", paramLabel = "N|auto", defaultValue = "auto",
            description = {"Worker processes running cells side by side, the cores split evenly between them "
                    + "(default: ${DEFAULT-VALUE} = one per core, at most one per 2 GiB of memory, at most 16; 1 runs "
                    + "in this process). The quick models are small, so single-threaded workers get the most cells "
                    + "per hour: on 2 cores, 2 workers do about 1.45x the work of one. Numbers are bit-identical "
                    + "only at the same threads per process (recorded in each result)."})
    String jobs;

    @Option(names = "--no-tables", hidden = true, description = "Skip the tables (used by --jobs workers).")
    boolean noTables;

    @Option(names = "--beside", hidden = true, defaultValue = "1",
            description = "Worker processes of this grid on this machine, this one included (set for --jobs workers; "
                    + "recorded beside --export's latency figures).")
    int beside;

    @Option(names = "--wave", paramLabel = "all|first|rest", defaultValue = "all",
            description = {"Run only the cells whose trained models other cells read (first: a ViT grid's CNN teachers) "
                    + "or only the others (rest), as a cluster plan's two waves do (default: ${DEFAULT-VALUE})."})
    String wave;

    @Option(names = "--plan", paramLabel = "slurm|k8s",
            description = {"Write a cluster plan for the grid instead of running it: a Slurm job-array script "
                    + "(<out>/plan/slurm.sh) or a Kubernetes Indexed Job manifest (<out>/plan/k8s.yaml) with --shards "
                    + "array tasks per wave (cells other cells read first, then the rest) into the shared --out folder, "
                    + "then one 'qbench merge' that writes the tables."})
    String plan;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "4",
            description = "Array tasks per wave in a --plan (default: ${DEFAULT-VALUE}).")
    int shards;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Budget budget = Budget.fromId(common.budget);
        Shard slice = Shard.parse(shard);
        Suite s = Suites.builtIn().get(suite);
        int maxWorkers = jobs(); // a bad --jobs fails before anything is printed
        List<RunSpec> grid = s.expand(budget, seeds, tasks);
        if (plan != null) {
            ClusterPlan.Kind kind = ClusterPlan.Kind.parse(plan);
            ClusterPlan.of(s, budget, grid, shards, common.out, seeds, tasks).write(kind, common.out.resolve("plan"))
                    .forEach(System.out::println);
            return 0;
        }
        grid = ClusterPlan.wave(grid, wave);
        ResultStore store = new ResultStore(common.out);
        List<RunSpec> cells = slice.selectCells(grid, id -> modelSaved(store, s.id(), id));
        // has() validates each result: corrupt files are moved aside here, once, before any worker starts, so they
        // are pending in both paths below and the workers never see them.
        List<RunSpec> pending = cells.stream().filter(c -> !store.has(s.id(), c.runId())).toList();
        // Data faults surface now, in one line, not after hours of other cells.
        pending.stream().map(RunSpec::task).distinct().forEach(t -> Tasks.builtIn().get(t).prepareData(common.dataDir()));
        System.err.printf("qbench: suite %s, budget %s: %d cells%s, results in %s%n", s.id(), budget.id(), cells.size(),
                slice.count() > 1 ? " (shard " + shard + " of " + grid.size() + ")" : "", common.out);
        long start = System.nanoTime();
        int workers = Math.min(maxWorkers, pending.size());
        if (workers > 1) {
            runReadFirst(s, grid, pending, store);
            runWorkers(s, slice, cells, pending, store, workers);
        } else {
            Runner runner = common.runner(store, beside);
            List<RunResult> produced = runner.run(s.id(), cells, new ConsoleProgress());
            printSummary(produced, start, cells.size() - produced.size());
        }
        if (noTables) {
            return 0;
        }
        if (slice.count() > 1) {
            // A shard sees only its cells: tables are written once, over every shard's results, by 'qbench merge'.
            System.err.printf("qbench: shard %s writes no tables; when every shard is done: qbench merge %s --out %s%n",
                    shard, common.out, common.out);
            return 0;
        }
        Path tables = CommonOptions.tablesDir(common.out, tablesOut);
        TablesCommand.writeAll(store, tables, null);
        CostCommand.write(s, budget, tasks, tables).forEach(System.out::println);
        return 0;
    }

    /** Whether a cell's result and trained model are both on disk, so cells reading it can run in any process. */
    private static boolean modelSaved(ResultStore store, String suite, String runId) {
        return store.exists(suite, runId) && Files.isRegularFile(store.artifactPath(suite, runId));
    }

    /**
     * Runs, in this process and before any worker starts, the pending cells whose models pending cells read (a ViT
     * grid's CNN teachers), so the workers then share the readers evenly instead of one worker taking every
     * reader of a teacher.
     */
    private void runReadFirst(Suite s, List<RunSpec> grid, List<RunSpec> pending, ResultStore store) {
        Set<String> needed = new HashSet<>();
        pending.forEach(c -> c.inputsOrEmpty().values().stream().filter(id -> !modelSaved(store, s.id(), id))
                .forEach(needed::add));
        if (needed.isEmpty()) {
            return;
        }
        List<RunSpec> first = pending.stream().filter(c -> needed.contains(c.runId())).toList();
        List<RunSpec> lost = grid.stream()
                .filter(c -> needed.contains(c.runId()) && !first.contains(c)).toList(); // results without their model
        List<RunSpec> wave = Suite.dependenciesFirst(java.util.stream.Stream.concat(first.stream(), lost.stream()).toList());
        System.err.printf("qbench: first %d cell(s) whose trained models other cells read, in this process%n", wave.size());
        common.runner(store, 1).run(s.id(), wave, new ConsoleProgress(), needed);
    }

    /** Most worker processes accepted by --jobs. */
    private static final int MAX_JOBS = 64;

    /** The worker count --jobs asks for. */
    private int jobs() {
        if (jobs.equals("auto")) {
            long memoryGib = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getTotalMemorySize() >> 30;
            return (int) Math.max(1, Math.min(Math.min(Runtime.getRuntime().availableProcessors(), memoryGib / 2), 16));
        }
        try {
            int n = Integer.parseInt(jobs.strip());
            if (n >= 1 && n <= MAX_JOBS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--jobs " + jobs + " is out of range (1.." + MAX_JOBS + " or auto)");
    }

    /**
     * Runs this shard's cells in {@code workers} child processes of this same command, checks they all ran and
     * prints the same summary line as a run in this process.
     */
    private void runWorkers(Suite s, Shard slice, List<RunSpec> cells, List<RunSpec> pending, ResultStore store, int workers)
            throws IOException, InterruptedException {
        Path logs = common.out.resolve(s.id()).resolve("logs");
        WorkerPool pool = new WorkerPool(workers, logs, QbenchCli.class.getName());
        System.err.printf("qbench: %d workers, %d engine thread(s) each; their output goes to %s%n",
                workers, pool.threadsPerWorker(), logs.resolve("worker-<j>.log"));
        long start = System.nanoTime();
        int failedWorkers = pool.run(j -> workerArgs(s, pool.childShard(slice, j), workers),
                // existence suffices while polling: workers write atomically and corrupt files are already aside
                () -> (int) cells.stream().filter(c -> store.exists(s.id(), c.runId())).count(), cells.size(),
                (done, total) -> System.err.printf("qbench: %d/%d cells have results (%.0f s)%n", done, total,
                        (System.nanoTime() - start) / 1e9));
        if (failedWorkers > 0) {
            throw new WorkerPool.WorkersFailedException(failedWorkers + " worker(s) stopped with an error; see "
                    + logs.resolve("worker-<j>.log") + " (finished cells are kept; rerun to resume)");
        }
        List<RunResult> produced = pending.stream().filter(c -> store.exists(s.id(), c.runId()))
                .map(c -> ResultStore.read(store.pathOf(s.id(), c.runId()))).toList();
        printSummary(produced, start, cells.size() - pending.size());
    }

    /** The grid's last line, in-process or with workers: runs made since {@code start}, skipped, failed. */
    private static void printSummary(List<RunResult> produced, long start, int skipped) {
        System.err.printf("qbench: %d run(s) in %.1f s, %d skipped (result existed), %d failed%n", produced.size(),
                (System.nanoTime() - start) / 1e9, skipped, produced.stream().filter(r -> !r.ok()).count());
    }

    /** The command line of one worker: this command for one shard, one process, no tables. */
    private List<String> workerArgs(Suite s, Shard childShard, int workers) {
        List<String> args = new ArrayList<>(List.of("reproduce", "--suite", s.id(), "--budget", common.budget,
                "--out", common.out.toString(), "--shard", childShard.index() + "/" + childShard.count(),
                "--jobs", "1", "--no-tables", "--beside", String.valueOf(workers)));
        if (seeds != null && !seeds.isEmpty()) {
            args.add("--seeds");
            args.add(seeds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (tasks != null && !tasks.isEmpty()) {
            args.add("--tasks");
            args.add(String.join(",", tasks));
        }
        if (common.parity) {
            args.add("--parity");
        }
        if (common.checkNumerics) {
            args.add("--check-numerics");
        }
        if (common.export) {
            args.add("--export");
        }
        common.dataDir().ifPresent(d -> {
            args.add("--data-dir");
            args.add(d.toString());
        });
        return args;
    }
}
