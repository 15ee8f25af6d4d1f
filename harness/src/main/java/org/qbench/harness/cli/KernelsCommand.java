package org.qbench.harness.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qbench.hardware.peak.MachinePeak;
import org.qbench.hardware.profile.HardwareProfile;
import org.qbench.hardware.profile.Profiles;
import org.qbench.harness.kernels.AttentionMeasurement;
import org.qbench.harness.kernels.KernelBench;
import org.qbench.harness.kernels.KernelMeasurement;
import org.qbench.harness.kernels.KernelReport;
import org.qbench.harness.kernels.LibtorchBaseline;
import org.qbench.harness.kernels.ModelGemmShapes;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.run.Environment;
import org.qbench.harness.tables.KernelTable;
import org.qbench.tasks.Task;
import org.qbench.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qbench kernels}: times a profile's GEMM and attention kernels with JMH and writes results and tables. */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = {"Time the integer GEMM kernels of each hardware profile that can run here (JMH, one thread) "
                + "on the suite's own layer shapes; write <out>/kernels/<profile>_<mode>.json and tables with GOPS, "
                + "speedup over fp32-java and percent of this machine's derived peak. Profile ort-cpu times ONNX "
                + "Runtime's CPU kernels (ort-matmulinteger: MatMulInteger, uint8 x int8 -> int32; ort-fp32-matmul: "
                + "float MatMul) the same way, on one intra-op thread through its Java API.",
            "",
            "Shapes come from the tasks' models (their cost breakdown), each conv or linear layer lowered by im2col "
                + "for a batch of 16. Ids are <task>_<budget>_L<index>-<layer>, e.g. cls-fmnist_quick_L2-conv3x3 "
                + "(layer index as in the cost tables). By default, per task: the quick budget's first- and "
                + "last-stage convolutions with the most MACs and its classifier, and the paper budget's largest "
                + "layer; equal shapes are timed once. Binary layers (1-bit weights and inputs, under the task's own "
                + "architecture or a binary-only method) are marked [binary], and their representative shapes are "
                + "among the defaults, so the binary kernels (binary-xnor, binary-scalar) are timed on them.",
            "",
            "Products of two activations (a ViT's q*k^T and attn*v) are not weight GEMMs: each distinct attn*v gives an "
                + "attention shape n x m x d (queries, keys, head dimension), id <task>_<budget>_L<index>-matmulattnv, "
                + "listed by --list-shapes. Profiles that list attention kernels (jvm-scalar: attn-shiftadd-scalar; "
                + "jvm-simd: attn-shiftadd-simd, attn-fp32-simd) time them on these shapes for a batch of 16 samples x "
                + "heads, with attn-fp32-simd (the float P V) as baseline, into a separate report "
                + "<out>/kernels/<profile>_<mode>_attention.json and table kernels_<profile>_<mode>_attention.{csv,md,tex}: equivalent GMAC/s (n m d x heads x 16 / time) and "
                + "speedup over attn-fp32-simd. By default every attention shape of the first ViT task is timed; "
                + "--shapes takes GEMM and attention ids alike (naming only one kind times only that kind)."})
final class KernelsCommand implements Callable<Integer> {

    @Option(names = "--profile", paramLabel = "ID",
            description = "Profile to time (default: every profile runnable here; see 'qbench list').")
    String profile;

    @Option(names = "--mode", paramLabel = "smoke|full", defaultValue = "full",
            description = "full (default: 3 forks, 5 x 1 s measured after 5 x 1 s warm-up, about 3 minutes per "
                    + "GEMM shape and profile, 1 per attention shape) or smoke (1 fork, 2 x 0.2 s: plumbing and rough numbers).")
    String mode;

    @Option(names = "--tasks", paramLabel = "LIST", split = ",",
            description = "Tasks whose models give the shapes (default: every task; see 'qbench list').")
    List<String> tasks;

    @Option(names = "--shapes", paramLabel = "LIST", split = ",",
            description = "Shape ids to time instead of the default selection, GEMM or attention (see --list-shapes).")
    List<String> shapes;

    @Option(names = "--list-shapes",
            description = "Print every shape id of the tasks' quick and paper models with its m x n x k (attention: "
                    + "n x m x d) and layer, the default selection marked, and exit.")
    boolean listShapes;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Folder for results, written to <DIR>/kernels/ (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--tables-out", paramLabel = "DIR",
            description = "Where tables go (default: paper-tables/ when --out is results/, else <out>/tables).")
    Path tablesOut;

    @Override
    public Integer call() throws Exception {
        LibtorchBaseline.useOneThread(); // before the engine loads (deriving the shapes loads it)
        KernelBench.Mode m = KernelBench.Mode.fromId(mode);
        List<HardwareProfile> profiles = new ArrayList<>();
        if (profile != null) {
            HardwareProfile p = Profiles.builtIn().get(profile);
            if (!p.runnableHere()) {
                throw new IllegalArgumentException("profile '" + profile + "' is modelled, not runnable here: its peaks are "
                        + "datasheet or derived figures (see 'qbench list')");
            }
            profiles.add(p);
        } else {
            Profiles.builtIn().all().stream().filter(HardwareProfile::runnableHere).forEach(profiles::add);
        }
        List<Task> selected = tasks == null || tasks.isEmpty()
                ? List.copyOf(Tasks.builtIn().all()) : tasks.stream().map(Tasks.builtIn()::get).toList();
        ModelGemmShapes catalogue = ModelGemmShapes.of(selected);
        if (listShapes) {
            for (ModelGemmShapes.LayerGemm g : catalogue.all()) {
                System.out.printf("%-32s %-12s %s, weight %s%s%s%n", g.id(), g.shape(), g.layer().layer(),
                        g.layer().weightShape(), g.binary() ? " [binary]" : "",
                        catalogue.defaults().contains(g) ? " [default]" : "");
            }
            for (ModelGemmShapes.AttentionShape a : catalogue.attention()) {
                System.out.printf("%-32s %-12s %s, %d x %d heads per batch, operands %s (attention kernels)%s%n", a.id(),
                        a.shape().n() + "x" + a.shape().m() + "x" + a.shape().d(), a.layer().layer(), ModelGemmShapes.BATCH,
                        a.heads(), a.layer().weightShape(), catalogue.attentionDefaults().contains(a) ? " [default]" : "");
            }
            return 0;
        }
        ModelGemmShapes.Selection timed = catalogue.select(shapes);
        MachinePeak machine = MachinePeak.observe();
        Path tables = CommonOptions.tablesDir(out, tablesOut);
        // the checkout's state before this command writes anything (its own outputs are tracked files)
        Path home = QbenchCli.home();
        String commit = Environment.gitCommit(home);
        boolean dirty = Environment.gitDirty(home);
        for (HardwareProfile p : profiles) {
            KernelBench.ProfileKernels kernels = KernelBench.ProfileKernels.of(p.kernels());
            boolean gemm = !kernels.gemm().isEmpty() && !timed.gemms().isEmpty();
            boolean attention = !kernels.attention().isEmpty() && !timed.attention().isEmpty();
            if (!gemm && !attention) {
                System.err.println("qbench: profile " + p.id() + (p.kernels().isEmpty() ? " lists no kernels"
                        : " has no kernels for the shapes asked for") + "; skipped");
                continue;
            }
            System.err.printf("qbench: timing %s (%s) on %d GEMM and %d attention shapes, %s mode%n", p.id(),
                    String.join(", ", p.kernels()), gemm ? timed.gemms().size() : 0,
                    attention ? timed.attention().size() : 0, m.id());
            // GEMM and attention rows go to reports of their own, so timing one kind never overwrites the other's
            if (gemm) {
                String started = Instant.now().toString();
                List<KernelMeasurement> measured = KernelBench.run(kernels.gemm(), timed.gemms(), m, machine.perCore());
                Map<String, Object> provenance = provenance(commit, dirty, started);
                List<String> runtimes = KernelBench.runtimes(kernels.gemm());
                if (!runtimes.isEmpty()) {
                    provenance.put(KernelBench.RUNTIMES, runtimes);
                }
                write(new KernelReport(KernelReport.SCHEMA, p.id(), m.id(), m.describe(), machine, machine.perCore(),
                        machine.perMachine(), measured, List.of(), provenance), "", tables);
            }
            if (attention) {
                String started = Instant.now().toString();
                List<AttentionMeasurement> products = KernelBench.runAttention(kernels.attention(), timed.attention(), m);
                write(new KernelReport(KernelReport.SCHEMA, p.id(), m.id(), m.describeAttention(), machine, machine.perCore(),
                        machine.perMachine(), List.of(), products, provenance(commit, dirty, started)),
                        KernelTable.ATTENTION_SUFFIX, tables);
            }
        }
        return 0;
    }

    /** Writes {@code <out>/kernels/<profile>_<mode><suffix>.json} and its tables, printing each path. */
    private void write(KernelReport report, String suffix, Path tables) throws java.io.IOException {
        Path file = out.resolve(ResultStore.KERNELS).resolve(report.profile() + "_" + report.mode() + suffix + ".json");
        ResultStore.writeAtomically(file, report);
        System.out.println(file);
        KernelTable.write(report, tables).forEach(System.out::println);
    }

    private static Map<String, Object> provenance(String commit, boolean dirty, String started) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commit", commit);
        m.put("git_dirty", dirty);
        m.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("host", Environment.readHost());
        m.put("started", started);
        m.put("finished", Instant.now().toString());
        return m;
    }
}
