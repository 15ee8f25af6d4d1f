package org.qbench.methods.brve;

import java.util.List;
import java.util.Optional;
import org.qbench.methods.LayerFactory;
import org.qbench.methods.MethodConfig;
import org.qbench.methods.MethodOptions;
import org.qbench.methods.binary.BinaryLayers;
import org.qbench.methods.binary.BinaryOperator;
import org.qbench.methods.binary.OneBitMethod;

/**
 * BRVE as a method (notes: {@code shared/reference/sr-lowlight.md} §3 and {@code methods-addendum.md}; official code at
 * 9a79224): every hidden conv binarized with BRVE's operator (sign with ApproxSign backward, {@code alpha sign(W)}
 * with per-channel detached {@code alpha}), the first and last convs and every 1x1 shortcut in float. The network's
 * DABC/DACA blocks, fusion, down-sampling and shifts ({@code org.qbench.methods.binary}) are built by the low-light
 * video task, which reads {@link BrveOptions}. Layers: {@link BinaryLayers}.
 */
public final class BrveMethod extends OneBitMethod {

    @Override
    public String id() {
        return "brve";
    }

    @Override
    public String description() {
        return "BRVE: binary convs (ApproxSign, per-channel alpha), distribution-aware binary conv blocks (DABC/DACA) "
                + "and spatial-temporal shifts (Zhang et al., CVPR 2024)";
    }

    @Override
    public String paper() {
        return "Gengchen Zhang, Yulun Zhang, Xin Yuan, Ying Fu, Binarized Low-light Raw Video Enhancement, CVPR 2024";
    }

    @Override
    public List<String> departures() {
        return List.of(
                "spatial shift as the paper describes it by default (spatial_shift=paper: grouped dilated 5x5 shift, "
                        + "neighbour channel j to offset floor(24 j / (C/2)) of {-8,-4,0,4,8}^2 minus the centre, "
                        + "row-major); the released code's axis mix-up (shifts time/channel/row, no horizontal shift) "
                        + "is spatial_shift=released, which the reported numbers presumably reflect",
                "the order in which the 24 spatial offsets are assigned to channels is ours (row-major); the paper "
                        + "gives none and the code's intended order is moot because of its axis mix-up",
                "network width, depth and U-Net count follow the task's budget, not the released 24/48/96-channel "
                        + "3-level config, unless the options set them; trained on the task's recipe and data",
                "first/last protocol fixed at fp32 (first and last conv, 1x1 shortcuts, DACA's 1-D convs in float, "
                        + "as released); other protocols are refused");
    }

    @Override
    public Optional<Class<? extends MethodOptions>> optionsType() {
        return Optional.of(BrveOptions.class);
    }

    /** Binary hidden convs; the plain block (no DACA) for binary-block requests when {@code daca=false}. */
    @Override
    public LayerFactory layers(MethodConfig config) {
        BrveOptions options = config.optionsOr(BrveOptions.class, BrveOptions.DEFAULTS);
        return new BinaryLayers(BinaryOperator.BRVE, !options.daca());
    }
}
