package org.qbench.methods.packqvit;

import java.util.Locale;
import java.util.Map;
import org.qbench.methods.ActivationKind;
import org.qbench.methods.MethodOptions;

/**
 * PackQViT's variants, where its paper and its two code uploads disagree (notes: {@code
 * shared/reference/methods-cls-vit.md} §3.6 and {@code methods-addendum.md}). An option left out (null) takes its
 * default: the paper's reading where the paper says something, the code's otherwise.
 *
 * @param activation the MLP's activation, {@code "gelu"} (default: the paper's text describes an integer GELU, and
 *     the first upload uses GELU) or {@code "hardswish"} (the latest commit)
 * @param residualQuant whether the residual links are quantized by the outlier-aware (power-of-two factor)
 *     quantizer (default true: the paper's outlier-aware training; only the first upload has it)
 * @param clipMin the lower bound of the clip after the MLP activation (default -1: the paper's, per the addendum;
 *     the code clips at -10)
 * @param clipMax the upper bound of that clip (default 10, paper and code alike)
 */
public record PackQvitOptions(String activation, Boolean residualQuant, Double clipMin, Double clipMax)
        implements MethodOptions {

    // Before DEFAULTS: static fields initialise in order, and DEFAULTS' constructor reads this map.
    private static final Map<String, ActivationKind> ACTIVATIONS =
            Map.of("gelu", ActivationKind.GELU, "hardswish", ActivationKind.HARDSWISH);

    /** The method as this project reads the paper: GELU, residual quantization on, MLP clip [-1, 10]. */
    public static final PackQvitOptions DEFAULTS = new PackQvitOptions(null, null, null, null);

    /**
     * Fills the options left out with their defaults and validates them.
     *
     * @throws IllegalArgumentException for an activation other than {@code gelu} or {@code hardswish}, or a clip
     *     whose bounds are not finite with {@code clipMin < clipMax}
     */
    public PackQvitOptions {
        activation = activation == null ? "gelu" : activation.toLowerCase(Locale.ROOT);
        residualQuant = residualQuant == null ? Boolean.TRUE : residualQuant;
        clipMin = clipMin == null ? -1.0 : clipMin;
        clipMax = clipMax == null ? 10.0 : clipMax;
        if (!ACTIVATIONS.containsKey(activation)) {
            throw new IllegalArgumentException("PackQViT activation '" + activation + "' is not one of gelu, hardswish");
        }
        if (!Double.isFinite(clipMin) || !Double.isFinite(clipMax) || !(clipMin < clipMax)) {
            throw new IllegalArgumentException(
                    "PackQViT's MLP clip needs finite bounds with clip_min < clip_max, got [" + clipMin + ", " + clipMax + "]");
        }
    }

    /** The MLP activation as the model's enum. */
    public ActivationKind activationKind() {
        return ACTIVATIONS.get(activation);
    }
}
