package org.qbench.methods.bibench;

import java.util.List;
import org.qbench.methods.BinaryBlockRequest;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.binary.BinaryLayers;
import org.qbench.methods.binary.BinaryOperator;
import org.qbench.methods.binary.OneBitMethod;

/**
 * A BiBench 1-bit operator (Qin et al., BiBench: Benchmarking and Analyzing Network Binarization, ICML 2023) as a
 * baseline on BRVE's network: the operator's quantizers on every hidden conv, the same float layers as BRVE, and its
 * plain residual block (no DACA) in place of DABC ({@link BinaryBlockRequest}). Ids: {@code bnn}, {@code xnor},
 * {@code dorefa-1bit}, {@code bireal}, {@code react}.
 */
public final class BinaryOperatorMethod extends OneBitMethod {

    private static final String BIBENCH =
            "; operator as in Qin et al., BiBench: Benchmarking and Analyzing Network Binarization, ICML 2023";

    private final BinaryOperator op;

    /**
     * The baseline of {@code op}.
     *
     * @param op any operator but {@link BinaryOperator#BRVE} (that one is {@code brve}'s)
     */
    public BinaryOperatorMethod(BinaryOperator op) {
        if (op == BinaryOperator.BRVE) {
            throw new IllegalArgumentException("BRVE's operator is the method 'brve', not a BiBench baseline");
        }
        this.op = op;
    }

    /** The operator. */
    public BinaryOperator operator() {
        return op;
    }

    @Override
    public String id() {
        return switch (op) {
            case BNN -> "bnn";
            case XNOR -> "xnor";
            case DOREFA -> "dorefa-1bit";
            case BIREAL -> "bireal";
            case REACT -> "react";
            case BRVE -> throw new IllegalStateException("unreachable");
        };
    }

    @Override
    public String description() {
        String what = switch (op) {
            case BNN -> "BNN: sign, clipped STE, no scales (Courbariaux/Hubara et al., 2016)";
            case XNOR -> "XNOR-Net: sign with per-sample activation and per-channel weight scales (Rastegari et al., 2016)";
            case DOREFA -> "DoReFa 1-bit: sign, clipped STE, per-channel weight scale (Zhou et al., 2016)";
            case BIREAL -> "Bi-Real Net: ApproxSign backward, per-channel weight scale (Liu et al., 2018)";
            case REACT -> "ReActNet: learnable per-channel threshold, ApproxSign, per-channel weight scale (Liu et al., 2020)";
            case BRVE -> throw new IllegalStateException("unreachable");
        };
        return what + ", BiBench operator, plain binary blocks";
    }

    @Override
    public String paper() {
        String source = switch (op) {
            case BNN -> "Hubara, Courbariaux et al., Binarized Neural Networks, NeurIPS 2016";
            case XNOR -> "Rastegari et al., XNOR-Net: ImageNet Classification Using Binary Convolutional Neural "
                    + "Networks, ECCV 2016";
            case DOREFA -> "Zhou et al., DoReFa-Net: Training Low Bitwidth Convolutional Neural Networks with Low "
                    + "Bitwidth Gradients, arXiv:1606.06160, 2016 (1-bit)";
            case BIREAL -> "Liu et al., Bi-Real Net: Enhancing the Performance of 1-bit CNNs, ECCV 2018";
            case REACT -> "Liu et al., ReActNet: Towards Precise Binary Neural Network with Generalized Activation "
                    + "Functions, ECCV 2020";
            case BRVE -> throw new IllegalStateException("unreachable");
        };
        return source + BIBENCH;
    }

    @Override
    public List<String> departures() {
        return List.of(
                "applied to BRVE's low-light video network (BiBench benchmarks the operators on other architectures), "
                        + "with BRVE's plain residual binary block (learnable bias, conv, RPReLU, no DACA) in place of DABC "
                        + "and BRVE's float first/last convs and 1x1 shortcuts",
                "operator definitions from BiBench's table, not each paper's full recipe (no two-stage training, "
                        + "distillation or architecture changes of the original papers)");
    }

    @Override
    public LayerFactory layers(MethodConfig config) {
        return new BinaryLayers(op, true);
    }
}
