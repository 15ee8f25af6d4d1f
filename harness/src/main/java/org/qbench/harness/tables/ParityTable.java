package org.qbench.harness.tables;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.qbench.harness.results.RunResult;
import org.qbench.methods.Methods;
import org.qbench.harness.parity.LayerParity;
import org.qbench.harness.parity.Parity;

/**
 * The simulated-vs-integer parity table of the runs of one measured table that carry a parity check:
 * {@code <base>_parity.csv} (tidy, one row per run and layer) and {@code .md}/{@code .tex} (one row per run:
 * worst layer in output LSBs, lowest exact fraction, top-1 simulated and on integer kernels).
 */
final class ParityTable {

    private ParityTable() {}

    static List<Path> write(String base, List<RunResult> runs, Path outDir) throws IOException {
        // The caller passes only current versions' runs with a parity record.
        List<RunResult> checked = runs.stream()
                .sorted(Comparator.comparing((RunResult r) -> methodOrder(r.spec().method()))
                        .thenComparing(r -> r.spec().variant()).thenComparing(r -> r.spec().bits()).thenComparing(r -> r.spec().seed()))
                .toList();
        List<Path> written = new ArrayList<>();
        written.add(TableWriter.write(outDir.resolve(base + "_parity.csv"), csv(checked)));
        TextTable text = text(checked);
        written.add(TableWriter.write(outDir.resolve(base + "_parity.md"), text.markdown()));
        written.add(TableWriter.write(outDir.resolve(base + "_parity.tex"), text.latex()));
        return written;
    }

    private static int methodOrder(String id) {
        List<String> ids = Methods.builtIn().all().stream().map(m -> m.id()).toList();
        return ids.indexOf(id);
    }

    /** The end-to-end metric of a table's runs (one table holds one task's): top-1 when there are none. */
    private static Parity.Measured measured(List<RunResult> runs) {
        return runs.isEmpty() ? new Parity.Measured("top1", "%") : runs.get(0).parity().measured();
    }

    private static String csv(List<RunResult> runs) {
        String column = TableWriter.column(measured(runs).metric(), measured(runs).unit());
        return TableWriter.csv(p -> {
            p.printRecord("suite", "task", "budget", "method", "bits", "seed", "layer", "layer_name", "position", "kernel", "weight_bits",
                    "input_bits", "outputs", "max_diff_lsb", "exact_fraction", "parity_images", "simulated_" + column,
                    "integer_" + column, "source");
            for (RunResult r : runs) {
                Parity parity = r.parity();
                for (LayerParity l : parity.layers()) {
                    p.printRecord(r.provenance().suite(), r.spec().task(), r.spec().budget(), r.spec().variant(), r.spec().bits(),
                            r.spec().seed(), l.index(), l.name() == null ? "" : l.name(), l.position(), l.kernel(), l.weightBits(), l.inputBits(), l.outputs(),
                            TableWriter.num(l.maxDiffLsb(), 4), TableWriter.num(l.exactFraction(), 6), parity.images(),
                            TableWriter.num(parity.simulated(), 2), TableWriter.num(parity.integer(), 2), "measured (qbench)");
                }
            }
        });
    }

    private static TextTable text(List<RunResult> runs) {
        Parity.Measured measured = measured(runs);
        String metric = measured.metric().equals("top1") ? "top-1" : measured.metric();
        String label = measured.unit().isEmpty() ? metric : metric + " (" + measured.unit() + ")";
        List<TextTable.Column> columns = List.of(
                new TextTable.Column("", "bits", "bits"),
                new TextTable.Column("", "seed", "seed"),
                new TextTable.Column("per layer", "layers int/float", "layers int / float"),
                new TextTable.Column("per layer", "max diff (LSB)", "max diff (LSB)"),
                new TextTable.Column("per layer", "min exact (%)", "min exact (%)"),
                new TextTable.Column(label, "simulated", metric + " simulated"),
                new TextTable.Column(label, "integer", metric + " integer"),
                new TextTable.Column(label, "diff", metric + " diff"));
        List<List<String>> rows = new ArrayList<>();
        for (RunResult r : runs) {
            Parity p = r.parity();
            double minExact = p.layers().stream().mapToDouble(LayerParity::exactFraction).min().orElse(Double.NaN);
            rows.add(List.of(r.spec().variant(), Integer.toString(r.spec().bits()), Long.toString(r.spec().seed()),
                    p.layers().size() + " / " + p.floatLayers(), TableWriter.num(p.maxDiffLsb(), 3),
                    TableWriter.num(100 * minExact, 2), TableWriter.num(p.simulated(), 2), TableWriter.num(p.integer(), 2),
                    TableWriter.num(p.integer() - p.simulated(), 2)));
        }
        List<String> notes = List.of(
                "Source: measured (qbench). Per layer: the layer's exported integer codes (input quantizer on real test "
                        + "activations, weight quantizer on the trained weights) through an integer GEMM kernel (im2col for "
                        + "convolutions), against the fake-quant output, on the first "
                        + (runs.isEmpty() ? "?" : runs.get(0).parity().images()) + " test images; differences in units "
                        + "of each output's LSB (s_a x s_w). End to end: " + metric + " on the whole test set with every integer "
                        + "layer on the kernels. The float layers are those with no integer input of their own: a first "
                        + "layer on the normalised image (its affine map folds into a bias on integer hardware) and layers "
                        + "kept in full precision by the first/last protocol (a super-resolution head and tail under fp32).",
                "",
                "Per-layer rows, with the kernel each layer ran on, are in the CSV.");
        return new TextTable("Simulated vs integer parity, measured", "method", columns, rows, 0, notes);
    }
}
