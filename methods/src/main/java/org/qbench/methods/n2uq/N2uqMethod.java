package org.qbench.methods.n2uq;

import java.util.List;
import java.util.Optional;
import org.qbench.methods.QuantizerAdam;
import org.qbench.methods.layers.CnnQatMethod;
import org.qbench.methods.quant.Quantizer;

/** N2UQ as a method: learnable non-uniform activation thresholds (G-STE) and L1-normalised weights. */
public final class N2uqMethod extends CnnQatMethod {

    @Override
    public String id() {
        return "n2uq";
    }

    @Override
    public String description() {
        return "N2UQ: learnable non-uniform thresholds, uniform levels, G-STE; L1 weight normalisation (Liu et al., CVPR 2022)";
    }

    @Override
    public String paper() {
        return "Liu et al., Nonuniform-to-Uniform Quantization: Towards Accurate Quantization via Generalized "
                + "Straight-Through Estimation, CVPR 2022, arXiv:2111.14826";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "no knowledge distillation and no pretrained start (the survey's from-scratch protocol; the paper uses "
                        + "a ResNet-101 teacher, distillation loss only, and an FP initialisation)",
                "the suite's post-activation ResNet with ReLU, not ReActNet-style RPReLU blocks",
                "weights: the shared SGD recipe, not Adam with linear decay; quantizer parameters (start, lengths, "
                        + "scales): Adam at peak lr 1.25e-4 (the official LR/10) without weight decay, as the official "
                        + "code, but on the shared schedule's shape (warm-up + cosine, not linear decay)",
                "an input exactly at start passes a gradient through the first interval (the official x > start test "
                        + "does not; a measure-zero tie)",
                "first and last layers at the run's first/last protocol (default 8-bit; N2UQ keeps them FP)");
    }

    /**
     * Version 2: quantizer parameters train with Adam and no weight decay (version 1: the shared SGD at 0.1x the
     * weights' rate, with weight decay; W8A8 stayed at chance, because SGD moved each 2/255-long interval by more
     * than its own length per step).
     */
    @Override
    public int version() {
        return 2;
    }

    /** Adam at the official code's quantizer rate (1.25e-3 / 10), no weight decay. */
    @Override
    public Optional<QuantizerAdam> quantizerOptimizer() {
        return Optional.of(new QuantizerAdam(1.25e-4f, 0f));
    }

    @Override
    public Quantizer weights(int bits) {
        return new N2uqWeightQuantizer(bits);
    }

    @Override
    public Quantizer activations(int bits, boolean signed) {
        return new N2uqActivationQuantizer(bits); // thresholds start at 0: negative inputs map to level 0
    }
}
