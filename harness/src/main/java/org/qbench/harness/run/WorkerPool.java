package org.qbench.harness.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import org.qbench.harness.grid.Shard;

/**
 * Runs a grid in {@code jobs} child processes, one shard each, and waits for them.
 *
 * <p>Why processes and not threads: the engine's random generator and its thread pool are process-wide, so two
 * runs in one process would draw from one generator (results would depend on timing) and could not each get
 * their own thread count. Each child is this same JVM command line with {@code --shard} narrowed and
 * {@code OMP_NUM_THREADS = cores / jobs}; on small models two single-threaded processes get through about
 * 1.45x the cells of one two-threaded process on 2 cores. Each child writes its cells atomically like any
 * run, so killing the pool loses at most the cells in flight and a rerun resumes.
 */
public final class WorkerPool {

    /** Some workers exited with an error; their logs say why, finished cells are kept. */
    public static final class WorkersFailedException extends RuntimeException {
        /** With the one-line message shown to the user. */
        public WorkersFailedException(String message) {
            super(message);
        }
    }

    /** What the pool reports while it waits. */
    public interface Progress {
        /** Called whenever the number of finished cells changes. */
        void finished(int done, int total);
    }

    /** How often the pool counts finished cells. */
    private static final long POLL_MILLIS = 2_000;

    private final int jobs;
    private final Path logDir;
    private final String mainClass;

    /**
     * @param jobs number of child processes, at least 2
     * @param logDir where each child's output goes, {@code worker-<j>.log}
     * @param mainClass the command-line entry point the children run
     */
    public WorkerPool(int jobs, Path logDir, String mainClass) {
        if (jobs < 2) {
            throw new IllegalArgumentException("a worker pool needs at least 2 jobs, got " + jobs);
        }
        this.jobs = jobs;
        this.logDir = logDir;
        this.mainClass = mainClass;
    }

    /** Engine threads each child gets: the cores split evenly, at least one. */
    public int threadsPerWorker() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
    }

    /**
     * The shard of the whole grid that child {@code j} runs when this process runs {@code parent}: cells with
     * {@code k mod n = i} split again {@code j mod jobs}, i.e. {@code k mod (n * jobs) = i + n * j}.
     */
    public Shard childShard(Shard parent, int j) {
        return new Shard(parent.index() + parent.count() * j, parent.count() * jobs);
    }

    /**
     * Starts the children, polls {@code done} until they exit, and returns the number that failed.
     *
     * @param childArgs the qbench arguments of child {@code j} (a sub-command and its options)
     * @param done how many cells have a result now
     * @param total cells in all
     */
    public int run(IntFunction<List<String>> childArgs, IntSupplier done, int total, Progress progress)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        List<Process> children = new ArrayList<>();
        Thread reaper = new Thread(() -> children.forEach(Process::destroy), "qbench-worker-reaper");
        Runtime.getRuntime().addShutdownHook(reaper); // Ctrl-C or kill of the parent stops the children too
        try {
            for (int j = 0; j < jobs; j++) {
                List<String> command = new ArrayList<>(javaCommand());
                command.addAll(childArgs.apply(j));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("worker-" + j + ".log").toFile()));
                if (System.getenv("OMP_NUM_THREADS") == null) {
                    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threadsPerWorker()));
                }
                children.add(pb.start());
            }
            int last = -1;
            boolean alive = true;
            while (alive) {
                alive = children.stream().anyMatch(Process::isAlive); // checked before counting: no cell is missed
                int now = done.getAsInt();
                if (now != last) {
                    progress.finished(now, total);
                    last = now;
                }
                if (alive) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            int failed = 0;
            for (Process p : children) {
                failed += p.waitFor() == 0 ? 0 : 1;
            }
            return failed;
        } finally {
            children.forEach(Process::destroy);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** This JVM's own command line up to the main class: same java, JVM options and class path. */
    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }
}
