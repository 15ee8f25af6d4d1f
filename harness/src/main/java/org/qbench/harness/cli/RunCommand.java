package org.qbench.harness.cli;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.harness.run.Environment;
import org.qbench.harness.run.Runner;
import org.qbench.methods.FirstLastPrecision;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.Methods;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qbench run}: trains and evaluates one cell and prints its result. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train and evaluate one cell; the result goes to <out>/" + RunCommand.SUITE + "/<runId>.json.")
final class RunCommand implements Callable<Integer> {

    /** The results sub-folder of single runs. */
    static final String SUITE = "single";

    @Option(names = "--task", required = true, paramLabel = "ID", description = "Task id (see 'qbench list').")
    String task;

    @Option(names = "--method", required = true, paramLabel = "ID", description = "Method id (see 'qbench list').")
    String method;

    @Option(names = "--bits", paramLabel = "N",
            description = "Bit width of weights, and of activations unless --activation-bits is given (default: 32 for "
                    + "fp32; required otherwise).")
    Integer bits;

    @Option(names = "--activation-bits", paramLabel = "N",
            description = "Bit width of activations when it differs from the weights' (e.g. --bits 4 --activation-bits 8 "
                    + "for W4A8; recorded in the spec).")
    Integer activationBits;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "A method option, repeatable, e.g. --option gradient_scale=false (LSQ's ablation); values "
                    + "true/false and numbers are typed. Recorded in the spec; the cell is a variant of the method.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--first-last", paramLabel = "ID", defaultValue = "8bit",
            description = "First/last-layer precision: 8bit (LSQ's protocol), fp32 or same (default: ${DEFAULT-VALUE}).")
    String firstLast;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Train this many epochs instead of the budget's (recorded in the spec; default: the budget's).")
    Integer epochs;

    @Option(names = "--no-distill",
            description = "Train without the task's teacher (vit-*: no CNN teacher; both heads learn the label). By default a "
                    + "task that distils first trains its teacher cell (same seed and budget) and reads it; recorded in "
                    + "the spec's inputs and the recipe.")
    boolean noDistill;

    @Option(names = "--force", description = "Run again even if the result exists (replacing it).")
    boolean force;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Methods.builtIn().get(method);
        Tasks.builtIn().get(task);
        int b = bits != null ? bits : method.equals("fp32") ? MethodConfig.FULL_PRECISION_BITS : missingBits();
        Budget budget = Budget.fromId(common.budget);
        List<RunSpec> inputs = new ArrayList<>();
        Map<String, String> inputIds = new TreeMap<>();
        if (!noDistill) {
            // The task's default inputs (a ViT's CNN teacher) run first, at the task's budget and seed.
            Tasks.builtIn().get(task).inputs().forEach((role, in) -> {
                RunSpec dependency = RunSpec.of(in.task(), in.method(), in.bits(), seed, budget, FirstLastPrecision.fromId(firstLast));
                inputs.add(dependency);
                inputIds.put(role, dependency.runId());
            });
        }
        RunSpec spec = RunSpec.of(task, method, b, seed, budget, FirstLastPrecision.fromId(firstLast))
                .withConfig(activationBits, typed(options), Methods.builtIn().get(method), Tasks.builtIn().get(task))
                .withEpochs(epochs)
                .withInputs(inputIds);
        ResultStore store = new ResultStore(common.out);
        if (force) {
            Files.deleteIfExists(store.pathOf(SUITE, spec.runId()));
        } else if (store.has(SUITE, spec.runId())) {
            System.err.println("qbench: result exists, not rerun (use --force): " + store.pathOf(SUITE, spec.runId()));
            System.out.println(Json.pretty().writeValueAsString(ResultStore.read(store.pathOf(SUITE, spec.runId())).metrics()));
            return 0;
        }
        Runner runner = common.runner(store, 1);
        inputs.add(spec);
        List<RunResult> results = runner.run(SUITE, inputs, new ConsoleProgress());
        RunResult r = results.get(results.size() - 1);
        System.out.println(store.pathOf(SUITE, spec.runId()));
        System.out.println(Json.pretty().writeValueAsString(r.ok() ? r.metrics() : r.failure()));
        return 0;
    }

    /** Option values as JSON reads them: true/false and numbers typed, anything else a string. */
    static Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> typed = new TreeMap<>();
        raw.forEach((k, v) -> {
            Object value = v;
            if (v.equals("true") || v.equals("false")) {
                value = Boolean.parseBoolean(v);
            } else if (v.matches("-?[0-9]+")) {
                value = Long.parseLong(v);
            } else if (v.matches("-?[0-9]*\\.[0-9]+([eE]-?[0-9]+)?")) {
                value = Double.parseDouble(v);
            }
            typed.put(k, value);
        });
        return typed;
    }

    private static int missingBits() {
        throw new IllegalArgumentException("--bits is required for a quantization method");
    }
}
