package org.qbench.harness.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Suite;
import org.qbench.tasks.Budget;

/**
 * A grid spread over a cluster ({@code qbench reproduce --plan slurm|k8s --shards N}): a Slurm job-array script or
 * a Kubernetes Indexed Job manifest whose array tasks each run one shard ({@code --shard i/N}) of one wave into the
 * one shared results folder. The first wave runs the cells whose trained models other cells read (a ViT grid's CNN
 * teachers), the second the rest, once the first has finished, so a reader never waits on a model; shards write no
 * tables; a last job runs {@code qbench merge}, which checks the runs and writes the tables once.
 *
 * @param suite the suite
 * @param budget the budget
 * @param firstWave cells of the first wave (empty: the plan has one wave)
 * @param rest cells of the second wave
 * @param shards array tasks per wave
 * @param out the shared results folder, absolute
 * @param extraArgs arguments every shard repeats ({@code --seeds}, {@code --tasks})
 */
record ClusterPlan(Suite suite, Budget budget, List<RunSpec> firstWave, List<RunSpec> rest, int shards, Path out,
        String extraArgs) {

    /** The schedulers a plan is written for. */
    enum Kind {
        /** A Slurm submission script: job arrays chained with {@code --dependency=afterok}. */
        SLURM,
        /** Kubernetes Indexed Jobs, applied in order. */
        K8S;

        static Kind parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "slurm" -> SLURM;
                case "k8s", "kubernetes" -> K8S;
                default -> throw new IllegalArgumentException("unknown --plan '" + text + "' (known: slurm, k8s)");
            };
        }
    }

    /** Most array tasks per wave. */
    static final int MAX_SHARDS = 10_000;

    /**
     * The plan of a suite's grid.
     *
     * @throws IllegalArgumentException for a shard count outside 1..{@value #MAX_SHARDS}
     */
    static ClusterPlan of(Suite suite, Budget budget, List<RunSpec> grid, int shards, Path out, List<Long> seeds,
            List<String> tasks) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("--shards " + shards + " is out of range (1.." + MAX_SHARDS + ")");
        }
        StringBuilder extra = new StringBuilder();
        if (seeds != null) {
            extra.append(" --seeds ").append(seeds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (tasks != null) {
            extra.append(" --tasks ").append(String.join(",", tasks));
        }
        return new ClusterPlan(suite, budget, wave(grid, "first"), wave(grid, "rest"), shards,
                out.toAbsolutePath().normalize(), extra.toString());
    }

    /**
     * The cells of a wave: {@code first}, those whose trained models other cells of the grid read; {@code rest}, the
     * others; {@code all}, the grid.
     *
     * @throws IllegalArgumentException for another wave name
     */
    static List<RunSpec> wave(List<RunSpec> grid, String wave) {
        Set<String> read = grid.stream().flatMap(c -> c.inputsOrEmpty().values().stream()).collect(Collectors.toSet());
        return switch (wave) {
            case "all" -> grid;
            case "first" -> grid.stream().filter(c -> read.contains(c.runId())).toList();
            case "rest" -> grid.stream().filter(c -> !read.contains(c.runId())).toList();
            default -> throw new IllegalArgumentException("unknown --wave '" + wave + "' (known: all, first, rest)");
        };
    }

    /** Writes the plan's file into {@code dir} and returns its path. */
    List<Path> write(Kind kind, Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(kind == Kind.SLURM ? "slurm.sh" : "k8s.yaml");
            Files.writeString(file, kind == Kind.SLURM ? slurm() : kubernetes());
            if (kind == Kind.SLURM) {
                file.toFile().setExecutable(true);
            }
            return List.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The waves to run, in order: their names and cell counts. */
    private List<String[]> waves() {
        List<String[]> waves = new ArrayList<>();
        if (!firstWave.isEmpty()) {
            waves.add(new String[] {"first", Integer.toString(firstWave.size())});
        }
        waves.add(new String[] {firstWave.isEmpty() ? "all" : "rest", Integer.toString(rest.size())});
        return waves;
    }

    /** One shard's command; {@code index} is the scheduler's array index variable. */
    private String shardCommand(String qbench, String wave, String index) {
        return qbench + " reproduce --suite " + suite.id() + " --budget " + budget.id() + extraArgs + " --wave " + wave
                + " --shard " + index + "/" + shards + " --jobs 1 --no-tables --out " + out;
    }

    private String header(String comment) {
        return comment + " qbench cluster plan: suite " + suite.id() + ", budget " + budget.id() + ", "
                + (firstWave.size() + rest.size()) + " cells, " + shards + " array tasks per wave\n"
                + comment + " first wave (cells other cells read): " + firstWave.size() + " cells; second wave: "
                + rest.size() + "\n" + comment + " results go to " + out
                + " (a folder every node can read and write); tables only after the merge\n";
    }

    /** A submission script: one job array per wave, chained, then the merge. */
    String slurm() {
        StringBuilder sb = new StringBuilder("#!/bin/bash\n").append(header("#"))
                .append("# Run from the qbench checkout on the shared file system: bash ")
                .append(out.resolve("plan").resolve("slurm.sh")).append("\nset -euo pipefail\n")
                .append("QBENCH=\"$(pwd)/qbench\"\n")
                .append("./qbench list > /dev/null  # builds the jar once, before the array tasks start\n")
                .append("dependency=\"\"\n");
        for (String[] w : waves()) {
            sb.append("job=$(sbatch --parsable ${dependency} --job-name=qbench-").append(suite.id()).append('-')
                    .append(w[0]).append(" --array=0-").append(shards - 1).append(" --cpus-per-task=1")
                    .append(" --output=").append(out).append("/plan/%x-%a.log --wrap \"")
                    .append(shardCommand("$QBENCH", w[0], "\\$SLURM_ARRAY_TASK_ID")).append("\")  # ").append(w[1])
                    .append(" cells\n")
                    .append("dependency=\"--dependency=afterok:${job}\"\n");
        }
        sb.append("sbatch ${dependency} --job-name=qbench-").append(suite.id()).append("-merge --output=").append(out)
                .append("/plan/%x.log --wrap \"$QBENCH merge ").append(out).append(" --out ").append(out).append("\"\n");
        return sb.toString();
    }

    /**
     * Indexed Jobs, one per wave, and the merge Job. Kubernetes does not order Jobs: apply each document and wait for
     * it to complete before the next (the header says how).
     */
    String kubernetes() {
        String name = suite.id().replaceAll("[^a-z0-9-]", "-");
        StringBuilder sb = new StringBuilder(header("#"))
                .append("# The qbench checkout and the results live on the volume claim qbench-shared, mounted at /shared;\n")
                .append("# apply the Jobs in order, each after the previous completed:\n");
        List<String> jobs = new ArrayList<>();
        for (String[] w : waves()) {
            jobs.add("qbench-" + name + "-" + w[0]);
        }
        jobs.add("qbench-" + name + "-merge");
        for (String job : jobs) {
            sb.append("#   kubectl apply -f k8s.yaml -l job=").append(job).append(" && kubectl wait --for=condition=complete")
                    .append(" --timeout=-1s job/").append(job).append('\n');
        }
        for (String[] w : waves()) {
            sb.append(job("qbench-" + name + "-" + w[0], shards, true,
                    shardCommand("./qbench", w[0], "${JOB_COMPLETION_INDEX}"), w[1] + " cells"));
        }
        sb.append(job("qbench-" + name + "-merge", 1, false, "./qbench merge " + out + " --out " + out, "tables"));
        return sb.toString();
    }

    private static String job(String name, int completions, boolean indexed, String command, String what) {
        return "---\n"
                + "# " + what + "\n"
                + "apiVersion: batch/v1\n"
                + "kind: Job\n"
                + "metadata:\n"
                + "  name: " + name + "\n"
                + "  labels:\n"
                + "    job: " + name + "\n"
                + "spec:\n"
                + (indexed ? "  completionMode: Indexed\n" : "")
                + "  completions: " + completions + "\n"
                + "  parallelism: " + completions + "\n"
                + "  backoffLimit: 3\n"
                + "  template:\n"
                + "    spec:\n"
                + "      restartPolicy: Never\n"
                + "      containers:\n"
                + "        - name: qbench\n"
                + "          image: maven:3.9-eclipse-temurin-17\n"
                + "          workingDir: /shared/qbench\n"
                + "          command: [\"bash\", \"-c\", \"" + command.replace("\"", "\\\"") + "\"]\n"
                + "          resources:\n"
                + "            requests: {cpu: \"1\", memory: 6Gi}\n"
                + "          volumeMounts:\n"
                + "            - {name: shared, mountPath: /shared}\n"
                + "      volumes:\n"
                + "        - name: shared\n"
                + "          persistentVolumeClaim: {claimName: qbench-shared}\n";
    }
}
