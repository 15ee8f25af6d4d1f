package org.qbench.harness.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Facts about the code, the JVM, the engine and the machine, observed once per process and recorded in the
 * provenance of every result.
 *
 * @param gitCommit commit of the checkout, or {@code unknown}
 * @param gitDirty whether tracked files have uncommitted changes
 * @param qbenchVersion the build's version
 * @param djlVersion DJL version
 * @param engine engine name and version
 * @param engineThreads intra-op threads the engine uses, if it says
 * @param cpuModel CPU model name
 * @param host host name
 */
public record Environment(
        String gitCommit, boolean gitDirty, String qbenchVersion, String djlVersion, String engine,
        String engineThreads, String cpuModel, String host) {

    /** Observes the environment; {@code repo} is the folder git is asked about. */
    public static Environment observe(Path repo) {
        Engine engine = Engine.getInstance();
        String version = Environment.class.getPackage().getImplementationVersion();
        return new Environment(
                gitCommit(repo),
                gitDirty(repo),
                version == null ? "dev" : version,
                Engine.getDjlVersion(),
                engine.getEngineName() + " " + engine.getVersion(),
                observeEngineThreads(),
                readCpuModel(),
                readHost());
    }

    /** The checkout's commit, or {@code unknown} outside a git checkout. */
    public static String gitCommit(Path repo) {
        String commit = git(repo, "rev-parse", "HEAD");
        return commit == null ? "unknown" : commit;
    }

    /** Whether tracked files have uncommitted changes. */
    public static boolean gitDirty(Path repo) {
        String status = git(repo, "status", "--porcelain", "--untracked-files=no");
        return status != null && !status.isBlank();
    }

    /**
     * What PyTorch sizes its pool by: DJL's property, else OpenMP's variable, else the cores; followed by
     * {@code , mkl N} when {@code MKL_NUM_THREADS} is set (the launcher sets 1, docs/numerics.md).
     */
    private static String observeEngineThreads() {
        String property = System.getProperty("ai.djl.pytorch.num_threads");
        String omp = System.getenv("OMP_NUM_THREADS");
        String mkl = System.getenv("MKL_NUM_THREADS");
        String engine = property != null ? property
                : omp != null && !omp.isBlank() ? omp.strip() : String.valueOf(Runtime.getRuntime().availableProcessors());
        return mkl != null && !mkl.isBlank() ? engine + ", mkl " + mkl.strip() : engine;
    }

    private static String git(Path repo, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = repo.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The CPU model name (Linux), or the architecture. */
    public static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no permission: fall through
        }
        return System.getProperty("os.arch");
    }

    /** The host name, or {@code unknown}. */
    public static String readHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Resident memory of this process in MiB (Linux), or the JVM's used heap elsewhere. */
    public static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }
}
