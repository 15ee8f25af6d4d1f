package org.qbench.harness.deploy;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.qbench.hardware.profile.DeployConstraints;
import org.qbench.hardware.profile.HardwareProfile;
import org.qbench.methods.layers.QuantizedLayer;
import org.qbench.methods.quant.ExportedTensor;
import org.qbench.methods.quant.RuntimeGrid;
import org.qbench.tasks.models.Residual;

/**
 * A hardware profile's deploy constraints checked against a trained model's quantizers: each quantized layer's
 * weight and activation widths, its weight granularity, its symmetry (zero points) and whether its scales are powers
 * of two. The answer names every constraint the model breaks, with the first layer that breaks it.
 *
 * @param profile the profile's id
 * @param violations what the model breaks; empty when it fits
 */
public record ConstraintCheck(String profile, List<String> violations) {

    /** Copies the list. */
    public ConstraintCheck {
        violations = List.copyOf(violations);
    }

    /** Whether the model fits the profile. */
    public boolean fits() {
        return violations.isEmpty();
    }

    /**
     * What one quantized layer's quantizers are, as a deploy constraint sees them.
     *
     * @param path the layer's place in the model
     * @param weightBits weight width
     * @param activationBits input width (32: a float input)
     * @param granularity {@code per-tensor} or {@code per-channel}
     * @param symmetric whether neither the weights nor the input has a zero point or offset
     * @param powerOfTwoScales whether every weight scale and the input scale is a power of two
     */
    public record LayerFacts(String path, int weightBits, int activationBits, String granularity, boolean symmetric,
            boolean powerOfTwoScales) {

        /** The facts of a trained layer's quantizers (its weights exported, its input's run-time grid). */
        public static LayerFacts of(String path, QuantizedLayer layer) {
            ExportedTensor w = layer.weightQuantizer().export(layer.weightArray());
            RuntimeGrid g = layer.inputQuantizer().runtimeGrid();
            boolean pow2 = true;
            for (float s : w.scales()) {
                pow2 &= isPowerOfTwo(s);
            }
            if (g.isAffine()) {
                pow2 &= isPowerOfTwo(g.scale());
            }
            int activationBits = g.isAffine() ? g.bits()
                    : g.kind() == RuntimeGrid.Kind.PASS_THROUGH ? 32 : layer.inputQuantizer().bits();
            return new LayerFacts(path, layer.weightQuantizer().bits(), activationBits,
                    w.hasChannelScales() ? "per-channel" : "per-tensor",
                    !w.hasZeroPoint() && !w.hasOffset() && (!g.isAffine() || g.zeroPoint() == 0), pow2);
        }
    }

    /** The facts of every quantized layer (weights of at most 8 bits) of {@code network}, in forward order. */
    public static List<LayerFacts> facts(Block network) {
        List<LayerFacts> facts = new ArrayList<>();
        collect(network, "model", facts);
        return facts;
    }

    private static void collect(Block block, String path, List<LayerFacts> facts) {
        if (block instanceof QuantizedLayer layer) {
            if (layer.weightQuantizer().bits() <= 8) {
                facts.add(LayerFacts.of(path, layer));
            }
            return;
        }
        if (block instanceof Residual.Sum sum) { // the exporter's names, so paths match its records
            collect(sum.branch(), path + "/branch", facts);
            collect(sum.shortcut(), path + "/shortcut", facts);
            return;
        }
        int i = 0;
        for (var child : block.getChildren()) {
            collect(child.getValue(), path + "/" + i++, facts);
        }
    }

    /** Checks {@code facts} against the profile's constraints. */
    public static ConstraintCheck check(HardwareProfile profile, List<LayerFacts> facts) {
        DeployConstraints c = profile.constraints();
        List<String> violations = new ArrayList<>();
        first(facts, f -> !c.weightBits().contains(f.weightBits()), f -> f.weightBits() + "-bit weights (takes "
                + c.weightBits() + ")", violations);
        first(facts, f -> f.activationBits() <= 8 && !c.activationBits().contains(f.activationBits()),
                f -> f.activationBits() + "-bit activations (takes " + c.activationBits() + ")", violations);
        first(facts, f -> !c.granularities().contains(f.granularity()), f -> f.granularity() + " weight scales (takes "
                + String.join(", ", c.granularities()) + ")", violations);
        if (c.symmetricOnly()) {
            first(facts, f -> !f.symmetric(), f -> "zero points (symmetric only)", violations);
        }
        if (c.powerOfTwoScales()) {
            first(facts, f -> !f.powerOfTwoScales(), f -> "scales that are not powers of two", violations);
        }
        return new ConstraintCheck(profile.id(), violations);
    }

    private static void first(List<LayerFacts> facts, Predicate<LayerFacts> breaks,
            Function<LayerFacts, String> what, List<String> violations) {
        List<LayerFacts> breaking = facts.stream().filter(breaks).toList();
        if (!breaking.isEmpty()) {
            violations.add(String.format(Locale.ROOT, "%s at %s%s", what.apply(breaking.get(0)), breaking.get(0).path(),
                    breaking.size() > 1 ? " and " + (breaking.size() - 1) + " more" : ""));
        }
    }

    /** Whether {@code s} is exactly {@code 2^k} for an integer k. */
    static boolean isPowerOfTwo(float s) {
        return s > 0 && Float.isFinite(s) && Math.getExponent(s) >= Float.MIN_EXPONENT
                && s == Math.scalb(1f, Math.getExponent(s));
    }
}
