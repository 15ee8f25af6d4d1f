package org.qbench.methods.quant;

import java.util.Objects;
import java.util.Optional;

/**
 * How an integer runtime applies a quantizer to a tensor it meets at run time (an activation): either not at all
 * (a full-precision pass-through), as an affine grid, or not expressible, with the reason.
 *
 * <p>An affine grid is what ONNX's {@code QuantizeLinear} computes, {@code code = clamp(round(x / scale) + zeroPoint,
 * minCode, maxCode)} with round-half-to-even, and {@code DequantizeLinear}'s {@code (code - zeroPoint) * scale}: a
 * quantizer declares one only when its forward is exactly that map (up to float rounding of {@code x / scale}).
 * Learnable non-uniform thresholds, real-valued offsets, per-sample scales or 1-bit signs are not, and name why.
 *
 * @param kind which of the three cases
 * @param scale the step (affine only)
 * @param zeroPoint the integer zero point (affine only)
 * @param minCode smallest code (affine only)
 * @param maxCode largest code (affine only)
 * @param reason why no integer runtime can apply it (refused only)
 */
public record RuntimeGrid(Kind kind, float scale, int zeroPoint, int minCode, int maxCode, String reason) {

    /** The three cases. */
    public enum Kind {
        /** Values pass unchanged (a full-precision layer, or an input already on its own grid). */
        PASS_THROUGH,
        /** {@code clamp(round(x / scale) + zeroPoint, minCode, maxCode)}. */
        AFFINE,
        /** Not expressible as an affine grid; {@link #reason()} says why. */
        REFUSED
    }

    /** Validates the case's fields. */
    public RuntimeGrid {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.AFFINE && !(scale > 0 && Float.isFinite(scale))) {
            throw new IllegalArgumentException("an affine grid needs a finite positive scale, got " + scale);
        }
        if (kind == Kind.AFFINE && (minCode >= maxCode || zeroPoint < minCode || zeroPoint > maxCode)) {
            throw new IllegalArgumentException("codes [" + minCode + ", " + maxCode + "] must be a range holding the zero point "
                    + zeroPoint);
        }
        if (kind == Kind.REFUSED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a refused grid needs a reason");
        }
    }

    /** A pass-through. */
    public static RuntimeGrid passThrough() {
        return new RuntimeGrid(Kind.PASS_THROUGH, 0f, 0, 0, 0, null);
    }

    /** {@code clamp(round(x / scale) + zeroPoint, minCode, maxCode)}. */
    public static RuntimeGrid affine(float scale, int zeroPoint, int minCode, int maxCode) {
        return new RuntimeGrid(Kind.AFFINE, scale, zeroPoint, minCode, maxCode, null);
    }

    /** Not expressible, because {@code reason}. */
    public static RuntimeGrid refused(String reason) {
        return new RuntimeGrid(Kind.REFUSED, 0f, 0, 0, 0, reason);
    }

    /** The reason, when refused. */
    public Optional<String> refusal() {
        return Optional.ofNullable(reason);
    }

    /** Whether this is an affine grid. */
    public boolean isAffine() {
        return kind == Kind.AFFINE;
    }

    /** The width of an affine grid (as are the two methods below; they mean nothing for the other kinds): bits to hold {@code maxCode - minCode + 1} codes. */
    public int bits() {
        return 32 - Integer.numberOfLeadingZeros(maxCode - minCode);
    }

    /** {@code DequantizeLinear} of one code: {@code (code - zeroPoint) * scale}, in float32. */
    public float value(int code) {
        return (code - zeroPoint) * scale;
    }

    /**
     * The code of {@code x} as an exported graph computes it: clipped in float to {@code [value(minCode),
     * value(maxCode)]} (the exporter's {@code Clip} for a grid narrower than its container), then {@code QuantizeLinear}'s
     * {@code rint(x / scale) + zeroPoint}, saturated to the grid.
     */
    public int code(float x) {
        float clipped = Math.min(Math.max(x, value(minCode)), value(maxCode));
        return Math.min(Math.max((int) Math.rint(clipped / scale) + zeroPoint, minCode), maxCode);
    }
}
