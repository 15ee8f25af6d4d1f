package org.qbench.harness.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qbench.methods.MethodConfig;
import org.qbench.tasks.CostBreakdown;
import org.qbench.tasks.CostFigures;
import org.qbench.tasks.LayerCost;

/**
 * The cost model of every model in a suite on one task, {@code <suite>_<task>_<budget>_cost.{csv,md,tex}}:
 * params, size, MACs, BOPs and Bi-Real OPs per model, then per layer. Every figure is computed from the
 * models' shapes and bit widths (the convention is {@link org.qbench.tasks.train.ModelCost}'s), not measured
 * and not reported; the CSV holds every layer of every model in long form. A product of two activations (a
 * transformer's attention) is a row like a layer: kind {@code matmul <product>}, its {@code weight_shape} the two
 * operands' shapes, its {@code weight_bits} and {@code input_bits} the left and right operands' widths.
 *
 * <p>The summary compares every model with one named baseline ({@link #baseline}): the suite's {@code fp32}
 * model, the same network in full precision. A model with no network (super-resolution's bicubic row: no layers,
 * zero cost) is not a baseline, has no per-layer table and shows "—" where a ratio to the baseline would be.
 */
public final class CostTable {

    /**
     * One model of the suite: one variant of a method (its options can change the network, as {@code fp32
     * (network=unet)} does) at one bit width.
     *
     * @param method the method id
     * @param variant the variant as tables name its row ({@code RunSpec.variant()}: the method id, with its options
     *     when it has some); the CSV's {@code method} column holds it, so a suite without options reads as before
     * @param bits the bit width (32 for full precision)
     * @param firstLast the first/last-layer precision id
     * @param cost its cost, layer by layer
     */
    public record Entry(String method, String variant, int bits, String firstLast, CostBreakdown cost) {

        /** A method as published (its variant is its id). */
        public Entry(String method, int bits, String firstLast, CostBreakdown cost) {
            this(method, method, bits, firstLast, cost);
        }

        String label() {
            return variant + " " + TableWriter.bitsLabel(bits);
        }

        /** Whether this is the method as published, with no options. */
        boolean plain() {
            return variant.equals(method);
        }

        /** The first/last protocol, which means nothing for a full-precision model. */
        String firstLastLabel() {
            return fullPrecision() ? "—" : firstLast;
        }

        private boolean fullPrecision() {
            return bits == MethodConfig.FULL_PRECISION_BITS;
        }

        /** Whether there is a network to cost: bicubic interpolation, for one, has no layers. */
        boolean hasNetwork() {
            return !cost.layers().isEmpty();
        }
    }

    /** The method id of the full-precision baseline ({@code Fp32Method}). */
    static final String BASELINE_METHOD = "fp32";

    static final String CONVENTION = "Convention: params are learnable weights, biases and batch-norm affine terms "
            + "(quantizer parameters and BN running statistics not counted); size stores each quantized weight at its bit "
            + "width and everything else, quantizer parameters included, at 32 bits; MACs are those of the conv and "
            + "linear layers per image; BOPs = MACs · b_w · b_a (32 for a full-precision operand); OPs follow Bi-Real Net "
            + "(Liu et al., ECCV 2018): OPs = FLOPs + BOPs / 64, a layer with both operands quantized counting BOPs / 64 "
            + "rounded up (a binary layer: MACs / 64) and any other layer its MACs.";

    /**
     * What {@link #CONVENTION} adds for a model with products of two activations (a transformer's {@code Q K^T}
     * and {@code P V}); written only then, so the tables of a model without them read as they always did.
     */
    static final String PRODUCT_CONVENTION = "Products of two activations (matmul rows: attention's q·k^T and "
            + "attn·v) count like layers: no params, their operand quantizers' parameters in their size, MACs per image "
            + "over all heads, BOPs = MACs · b_left · b_right; their W/A bits are the left and right operands' widths "
            + "and their weight column the two operands' shapes per image (heads x rows x columns).";

    private CostTable() {}

    /** Writes the three files for one suite, task and budget and returns their paths. */
    public static List<Path> write(String suite, String task, String budget, List<Entry> entries, Path outDir) {
        String base = suite + "_" + task + "_" + budget + "_cost";
        try {
            Files.createDirectories(outDir);
            List<TextTable> tables = tables(suite, task, budget, entries);
            List<Path> written = new ArrayList<>();
            written.add(TableWriter.write(outDir.resolve(base + ".csv"), csv(suite, task, budget, entries)));
            written.add(TableWriter.write(outDir.resolve(base + ".md"), join(tables, true)));
            written.add(TableWriter.write(outDir.resolve(base + ".tex"), join(tables, false)));
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cost tables under " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** The summary, then one per-layer table per model with a network. */
    private static List<TextTable> tables(String suite, String task, String budget, List<Entry> entries) {
        List<TextTable> tables = new ArrayList<>();
        tables.add(totals(suite, task, budget, entries));
        entries.stream().filter(Entry::hasNetwork).forEach(e -> tables.add(layers(e)));
        return tables;
    }

    /**
     * The model every other is compared with: the first plain {@code fp32} entry (no options) with a network, else
     * the first {@code fp32} variant with one, else the first full-precision entry with one (a suite without the fp32
     * method); empty when there is none. A
     * full-precision entry without a network (bicubic) costs nothing and is never the baseline: the ratios to it
     * would be undefined, which once left the "× fewer OPs" column of survey-sr empty.
     */
    static Optional<Entry> baseline(List<Entry> entries) {
        return entries.stream().filter(e -> e.hasNetwork() && e.method().equals(BASELINE_METHOD) && e.plain()).findFirst()
                .or(() -> entries.stream().filter(e -> e.hasNetwork() && e.method().equals(BASELINE_METHOD)).findFirst())
                .or(() -> entries.stream().filter(e -> e.hasNetwork() && e.fullPrecision()).findFirst());
    }

    /** A change from the baseline in percent, one decimal, with a true minus sign: {@code −24.5 %}, {@code 0.0 %}. */
    static String change(long value, long baseline) {
        double percent = 100.0 * (value - baseline) / baseline;
        String magnitude = TableWriter.num(Math.abs(percent), 1);
        if (magnitude.equals(TableWriter.num(0, 1))) {
            return magnitude + " %";
        }
        return (percent < 0 ? "−" : "+") + magnitude + " %";
    }

    private static String join(List<TextTable> tables, boolean markdown) {
        StringBuilder sb = new StringBuilder();
        for (TextTable t : tables) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(markdown ? t.markdown() : t.latex());
        }
        return sb.toString();
    }

    private static String csv(String suite, String task, String budget, List<Entry> entries) {
        return TableWriter.csv(p -> {
            p.printRecord("suite", "task", "budget", "method", "bits", "first_last", "layer", "kind", "position", "weight_shape",
                    "weight_bits", "input_bits", "params", "size_bits", "macs", "bops", "ops_bireal", "source");
            for (Entry e : entries) {
                for (LayerCost l : e.cost().layers()) {
                    p.printRecord(suite, task, budget, e.variant(), e.bits(), e.firstLast(), l.index(), l.layer(), l.position(),
                            l.weightShape(), l.weightBits(), l.inputBits(), l.params(), l.modelBits(), l.macs(), l.bops(),
                            l.ops(), "computed (qbench cost model)");
                }
                p.printRecord(suite, task, budget, e.variant(), e.bits(), e.firstLast(), "other", "batch norm", "", "", "", "",
                        e.cost().otherParams(), e.cost().otherBits(), 0, 0, 0, "computed (qbench cost model)");
                CostFigures t = e.cost().total();
                p.printRecord(suite, task, budget, e.variant(), e.bits(), e.firstLast(), "total", "", "", "", "", "",
                        t.params(), t.modelBits(), t.macs(), t.bops(), e.cost().ops(), "computed (qbench cost model)");
            }
        });
    }

    private static TextTable totals(String suite, String task, String budget, List<Entry> entries) {
        List<TextTable.Column> columns = List.of(
                new TextTable.Column("", "first/last", "first/last"),
                new TextTable.Column("", "params", "params"),
                new TextTable.Column("", "size (KiB)", "size (KiB)"),
                new TextTable.Column("", "MACs (M)", "MACs (M)"),
                new TextTable.Column("", "BOPs (G)", "BOPs (G)"),
                new TextTable.Column("", "OPs (M)", "OPs (M, Bi-Real)"),
                new TextTable.Column("", "x fp32 OPs", "× fewer OPs than FP32"),
                new TextTable.Column("", "OPs vs baseline", "OPs vs baseline"),
                new TextTable.Column("", "size vs baseline", "size vs baseline"));
        Optional<Entry> baseline = baseline(entries);
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : entries) {
            CostFigures t = e.cost().total();
            List<String> row = new ArrayList<>(List.of(e.label(), e.firstLastLabel(), Long.toString(t.params()),
                    TableWriter.num(t.modelBits() / 8.0 / 1024, 2), TableWriter.num(t.macs() / 1e6, 3),
                    TableWriter.num(t.bops() / 1e9, 3), TableWriter.num(e.cost().ops() / 1e6, 3)));
            if (baseline.isEmpty()) {
                row.addAll(List.of("", "", ""));
            } else if (!e.hasNetwork()) {
                row.addAll(List.of("—", "—", "—"));
            } else {
                Entry b = baseline.get();
                row.add(TableWriter.num((double) b.cost().ops() / e.cost().ops(), 2));
                row.add(change(e.cost().ops(), b.cost().ops()));
                row.add(change(t.modelBits(), b.cost().total().modelBits()));
            }
            rows.add(row);
        }
        // The network's description, not a layer-less entry's ("bicubic interpolation, no parameters").
        // A suite whose rows are different networks (low-light: BRVE's and the reference U-Nets) names each.
        List<String> models = entries.stream().filter(Entry::hasNetwork).map(e -> e.cost().model()).distinct().toList();
        String model = models.isEmpty() ? entries.get(0).cost().model()
                : models.size() == 1 ? models.get(0) : "the networks " + String.join("; ", models);
        List<String> notes = new ArrayList<>();
        boolean allNetworks = entries.stream().allMatch(Entry::hasNetwork);
        notes.add("Computed from each model's shapes and bit widths (not measured, not reported): " + model + ", one "
                + "image of task `" + task + "`, budget `" + budget + "`, suite `" + suite + "`. Per-layer tables "
                + (allNetworks ? "follow." : "follow for every model with a network."));
        baseline.ifPresent(b -> notes.add(baselineNote(b, entries)));
        notes.add("");
        notes.add(CONVENTION);
        if (entries.stream().anyMatch(CostTable::hasProducts)) {
            notes.add(PRODUCT_CONVENTION);
        }
        return new TextTable(suite + " on " + task + " (" + budget + "): cost model per model", "model", columns, rows, 0, notes);
    }

    /** The sentence that names the baseline of the "× fewer" and "vs baseline" columns. */
    static String baselineNote(Entry baseline, List<Entry> entries) {
        return "Reductions relative to " + baseline.label() + ", the same network with every layer in full precision: "
                + "× fewer OPs is its OPs over the model's, OPs and size vs baseline the model's change from its OPs ("
                + TableWriter.num(baseline.cost().ops() / 1e6, 3) + " M) and size ("
                + TableWriter.num(baseline.cost().total().modelBits() / 8.0 / 1024, 2) + " KiB), −25.0 % meaning a "
                + "quarter fewer" + (entries.stream().allMatch(Entry::hasNetwork) ? "." : "; — marks a model with no "
                + "network.");
    }

    private static TextTable layers(Entry e) {
        List<TextTable.Column> columns = List.of(
                new TextTable.Column("", "layer", "layer"),
                new TextTable.Column("", "weight", "weight"),
                new TextTable.Column("", "W/A bits", "W/A bits"),
                new TextTable.Column("", "params", "params"),
                new TextTable.Column("", "size (bits)", "size (bits)"),
                new TextTable.Column("", "MACs", "MACs"),
                new TextTable.Column("", "BOPs", "BOPs"),
                new TextTable.Column("", "OPs", "OPs (Bi-Real)"));
        List<List<String>> rows = new ArrayList<>();
        for (LayerCost l : e.cost().layers()) {
            rows.add(List.of(Integer.toString(l.index()), l.layer() + " (" + l.position() + ")", l.weightShape(),
                    TableWriter.width(l.weightBits()) + "/" + TableWriter.width(l.inputBits()), Long.toString(l.params()), Long.toString(l.modelBits()),
                    Long.toString(l.macs()), Long.toString(l.bops()), Long.toString(l.ops())));
        }
        rows.add(List.of("", "batch norm (all)", "", "", Long.toString(e.cost().otherParams()), Long.toString(e.cost().otherBits()),
                "0", "0", "0"));
        CostFigures t = e.cost().total();
        rows.add(List.of("total", "", "", "", Long.toString(t.params()), Long.toString(t.modelBits()), Long.toString(t.macs()),
                Long.toString(t.bops()), Long.toString(e.cost().ops())));
        String note = "Computed, per image; size includes the layer's quantizer parameters at 32 bits.";
        if (hasProducts(e)) {
            note += " Matmul rows multiply two activations: weight gives both operands' shapes, W/A bits their widths.";
        }
        return new TextTable(e.label() + " (first/last " + e.firstLastLabel() + "): cost per layer", "#", columns, rows, 1,
                List.of(note));
    }

    private static boolean hasProducts(Entry e) {
        return e.cost().layers().stream().anyMatch(LayerCost::activationProduct);
    }
}
