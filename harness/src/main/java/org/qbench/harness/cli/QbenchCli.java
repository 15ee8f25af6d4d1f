package org.qbench.harness.cli;

import org.qbench.harness.run.WorkerPool;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.qbench.tasks.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code qbench} command: the entry point of the launcher script. */
@Command(
        name = "qbench",
        mixinStandardHelpOptions = true,
        versionProvider = QbenchCli.Version.class,
        description = "Benchmark and reproducibility suite for neural-network quantization in vision.",
        subcommands = {ReproduceCommand.class, RunCommand.class, TablesCommand.class, CompareCommand.class, MergeCommand.class,
            ExportCommand.class,
            KernelsCommand.class, CostCommand.class,
            ListCommand.class, CommandLine.HelpCommand.class})
public final class QbenchCli {

    /** Exit code for a user error: bad flag, unknown id, missing or corrupt data, malformed file. */
    public static final int USER_ERROR = 2;
    /** Exit code for a bug. */
    public static final int BUG = 1;

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (what tests call). */
    public static int execute(String... args) {
        configureEnvironment();
        CommandLine cli = new CommandLine(new QbenchCli());
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("qbench: " + e.getMessage().lines().findFirst().orElse("bad arguments")
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, c, parseResult) -> {
            Throwable cause = e;
            if (cause instanceof java.io.UncheckedIOException && cause.getCause() != null) {
                c.getErr().println("qbench: " + cause.getMessage() + ": " + cause.getCause().getMessage());
                return USER_ERROR;
            }
            if (cause instanceof IllegalArgumentException || cause instanceof DataException) {
                c.getErr().println("qbench: " + cause.getMessage().lines().findFirst().orElse(""));
                c.getErr().flush();
                return USER_ERROR;
            }
            if (cause instanceof WorkerPool.WorkersFailedException) {
                c.getErr().println("qbench: " + cause.getMessage());
                return BUG; // not the user's input, but no trace of ours to show: the workers' logs have it
            }
            c.getErr().println("qbench: internal error (a bug; please report it with the trace below)");
            e.printStackTrace(c.getErr());
            return BUG;
        });
        return cli.execute(args);
    }

    /**
     * Must run before the engine loads: the engine may never reach for the network, and DJL's informational
     * logging would bury the progress bars.
     */
    private static void configureEnvironment() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.pytorch.engine.PtEngine", "error");
    }

    /** The folder of the qbench checkout (set by the launcher), for the git commit in provenance. */
    static Path home() {
        return Path.of(System.getProperty("qbench.home", "."));
    }

    /** Prints the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = QbenchCli.class.getPackage().getImplementationVersion();
            return new String[] {"qbench " + (v == null ? "dev" : v)};
        }
    }
}
