package org.qbench.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.qbench.harness.deploy.CellDeployment;
import org.qbench.harness.deploy.DeployRecords;
import org.qbench.harness.deploy.Deployer;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.parity.ParityCheck;
import org.qbench.harness.results.Provenance;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.tasks.Budget;
import org.qbench.tasks.DivergedException;
import org.qbench.tasks.RunArtifacts;
import org.qbench.tasks.Task;
import org.qbench.tasks.TaskContext;
import org.qbench.tasks.TaskOutcome;
import org.qbench.tasks.images.ImageFiles;
import org.qbench.tasks.images.RgbImage;
import org.qbench.tasks.numerics.NumericsReport;
import org.qbench.tasks.Tasks;

/**
 * Runs cells one at a time. A cell with a valid result file (ok or failed) is skipped, so a killed grid resumes
 * where it stopped; a result file that does not read back is moved aside and its cell rerun (see
 * {@link ResultStore#has}), since counting it done would leave a hole that breaks the tables. Each result is
 * written atomically as soon as its cell ends. A cell whose loss diverges is recorded
 * as {@code failed} with the reason and the grid goes on. Data faults stop the grid: every later cell would
 * fail the same way.
 */
public final class Runner {

    private final ResultStore store;
    private final Environment environment;
    private final Optional<Path> dataDir;
    private final Tasks tasks;
    private final Methods methods;
    private final boolean parity;
    private final boolean checkNumerics;
    private final Deployer deployer;

    /**
     * A runner.
     *
     * @param store where results go
     * @param environment the observed environment, recorded in every result
     * @param dataDir the user's data folder, if any
     * @param tasks the task registry
     * @param methods the method registry
     */
    public Runner(ResultStore store, Environment environment, Optional<Path> dataDir, Tasks tasks, Methods methods) {
        this(store, environment, dataDir, tasks, methods, false, false);
    }

    /**
     * A runner that also runs the simulated-vs-integer parity check after each training (see
     * {@code tasks.parity}), recording it in the result.
     *
     * @param parity whether to run the parity check
     * @param checkNumerics whether to run the numerics checker on every training step
     */
    public Runner(ResultStore store, Environment environment, Optional<Path> dataDir, Tasks tasks, Methods methods,
            boolean parity, boolean checkNumerics) {
        this(store, environment, dataDir, tasks, methods, parity, checkNumerics, null);
    }

    private Runner(ResultStore store, Environment environment, Optional<Path> dataDir, Tasks tasks, Methods methods,
            boolean parity, boolean checkNumerics, Deployer deployer) {
        this.deployer = deployer;
        this.parity = parity;
        this.checkNumerics = checkNumerics;
        this.store = store;
        this.environment = environment;
        this.dataDir = dataDir;
        this.tasks = tasks;
        this.methods = methods;
    }

    /**
     * This runner, also deploying every cell it runs (ONNX export, runtime metric, latency, deploy constraints;
     * see {@link Deployer}) and keeping every cell's trained model, so a later export need not retrain.
     */
    public Runner withDeployer(Deployer deployer) {
        return new Runner(store, environment, dataDir, tasks, methods, parity, checkNumerics, deployer);
    }

    /**
     * Runs the cells of one suite in order and returns the results of the cells it ran (not the skipped). A cell
     * that a cell still to run reads ({@link RunSpec#inputs()}) saves its trained model under its run id; one whose
     * result exists but whose model was not kept is trained again (same spec, same numbers) so its readers can run.
     */
    public List<RunResult> run(String suite, List<RunSpec> cells, RunListener listener) {
        return run(suite, cells, listener, Set.of());
    }

    /**
     * As {@link #run(String, List, RunListener)}, also keeping the models of {@code readLater}: cells that cells
     * outside {@code cells} read (the teachers a grid runs before spreading their readers over workers).
     */
    public List<RunResult> run(String suite, List<RunSpec> cells, RunListener listener, Set<String> readLater) {
        listener.gridStarted(cells.size());
        // Models some cell still to run reads: kept when made, remade when lost (results copied without them).
        Set<String> read = new HashSet<>(readLater);
        cells.stream().filter(c -> !store.exists(suite, c.runId())).forEach(c -> read.addAll(c.inputsOrEmpty().values()));
        List<RunResult> produced = new ArrayList<>();
        int position = 0;
        for (RunSpec spec : cells) {
            position++;
            boolean modelNeeded = read.contains(spec.runId()) && !Files.isRegularFile(store.artifactPath(suite, spec.runId()));
            if (!modelNeeded && store.has(suite, spec.runId())) { // validates: a corrupt file is moved aside and the cell runs
                if (deployer != null && !Files.isRegularFile(store.deployRecordPath(suite, spec.runId()))) {
                    redeploy(suite, spec, listener.started(spec, position, cells.size()));
                }
                listener.skipped(spec);
                continue;
            }
            RunArtifacts artifacts = new RunArtifacts(
                    read.contains(spec.runId()) || deployer != null ? Optional.of(store.artifactPath(suite, spec.runId()))
                            : Optional.empty(),
                    inputs(suite, spec));
            Map<String, RgbImage> images = new TreeMap<>();
            RunResult result = runOne(suite, spec, artifacts, listener.started(spec, position, cells.size()), images);
            try {
                // Pictures first: a result on disk means its cell is done, pictures included.
                for (Map.Entry<String, RgbImage> image : images.entrySet()) {
                    ImageFiles.writePng(image.getValue(), store.imagePath(suite, spec.runId(), image.getKey()));
                }
                Path file = store.write(result);
                produced.add(result);
                listener.finished(spec, result, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the result of " + spec.label() + " under " + store.root(), e);
            }
        }
        listener.gridFinished();
        return produced;
    }

    /** The saved models a cell reads, by role; each must exist (the grid runs a cell's inputs before it). */
    private Map<String, Path> inputs(String suite, RunSpec spec) {
        Map<String, Path> inputs = new TreeMap<>();
        spec.inputsOrEmpty().forEach((role, runId) -> {
            Path model = store.artifactPath(suite, runId);
            if (!Files.isRegularFile(model)) {
                throw new IllegalArgumentException(spec.label() + " reads the " + role + " model of cell " + runId
                        + ", which has not been saved at " + model + " (run the suite's whole grid, or its shard, so that "
                        + "cell runs first)");
            }
            inputs.put(role, model);
        });
        return inputs;
    }

    /**
     * Runs one cell again to deploy it, without writing its result: from its saved model when the grid kept one
     * ({@link RunArtifacts#TRAINED}: no training), else by training it again with the same spec (same numbers), keeping
     * the model this time. Writes the deploy record and warns on stderr when the rerun measures other values than the
     * stored result (another machine or code version: the record compares the runtime with the deployed model); returns
     * the rerun's result.
     *
     * @throws IllegalStateException when this runner has no deployer
     */
    public RunResult redeploy(String suite, RunSpec spec, org.qbench.tasks.ProgressListener progress) {
        if (deployer == null) {
            throw new IllegalStateException("redeploy needs a runner with a deployer");
        }
        Path model = store.artifactPath(suite, spec.runId());
        Map<String, Path> inputs = new TreeMap<>(inputs(suite, spec));
        boolean saved = Files.isRegularFile(model);
        if (saved) {
            inputs.put(RunArtifacts.TRAINED, model);
        }
        RunArtifacts artifacts = new RunArtifacts(saved ? Optional.empty() : Optional.of(model), inputs);
        RunResult again = runOne(suite, spec, artifacts, progress, new TreeMap<>());
        if (store.exists(suite, spec.runId())) {
            RunResult stored = ResultStore.read(store.pathOf(suite, spec.runId()));
            if (stored.ok() && !again.sameValues(stored)) {
                System.err.println("qbench: warning: " + spec.label() + ": the deployed model measures "
                        + again.metrics().get(0).value() + ", its stored result says " + stored.metrics().get(0).value()
                        + " (another machine or code version?); the deploy record compares the runtime with the deployed model");
            }
        }
        return again;
    }

    private RunResult runOne(String suite, RunSpec spec, RunArtifacts artifacts, org.qbench.tasks.ProgressListener progress,
            Map<String, RgbImage> images) {
        Task task = tasks.get(spec.task());
        QuantMethod method = methods.get(spec.method());
        MethodConfig config = spec.methodConfig(method);
        method.check(config, task.kind()); // a spec read from a file was not checked against the registry
        String start = Instant.now().toString();
        // Parity is the harness's: the task only runs the generic integer check it is handed.
        ParityCheck parityCheck = parity ? new ParityCheck() : null;
        CellDeployment deployment = deployer == null ? null : deployer.forCell(suite, spec);
        TaskContext ctx = new TaskContext(method, config, Budget.fromId(spec.budget()), spec.seed(), dataDir, progress,
                spec.epochOverride(), Optional.ofNullable(parityCheck), checkNumerics, artifacts,
                Optional.ofNullable(deployment));
        try {
            TaskOutcome outcome = task.run(ctx);
            // Before the result: a result on disk means its cell is done, deploy record included.
            if (deployment != null) {
                deployment.record().ifPresent(r -> DeployRecords.write(store, r));
            }
            images.putAll(outcome.images());
            return new RunResult(RunResult.SCHEMA, spec.runId(), spec, RunResult.OK, null, outcome.metrics(),
                    outcome.training(), outcome.cost(), outcome.recipe(), method.departures(),
                    provenance(suite, spec, outcome.dataset(), outcome.dataChecksums(), start),
                    parityCheck == null ? null : parityCheck.result(),
                    checkNumerics ? NumericsReport.finished(true) : null);
        } catch (DivergedException e) {
            return new RunResult(RunResult.SCHEMA, spec.runId(), spec, RunResult.FAILED, "diverged: " + e.getMessage(),
                    List.of(), null, null, null, method.departures(),
                    provenance(suite, spec, null, java.util.Map.of(), start), null,
                    NumericsReport.diverged(checkNumerics, e.fault().orElse(null)));
        }
    }

    private Provenance provenance(String suite, RunSpec spec, String dataset, java.util.Map<String, String> checksums, String start) {
        Environment env = environment;
        return new Provenance(env.gitCommit(), env.gitDirty(), env.qbenchVersion(), suite,
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                env.djlVersion(), env.engine(), env.cpuModel(), Runtime.getRuntime().availableProcessors(),
                env.engineThreads(), env.host(), dataset, checksums, spec.seed(), start, Instant.now().toString(),
                Environment.residentMegabytes());
    }
}
