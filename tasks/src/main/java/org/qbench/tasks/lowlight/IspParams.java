package org.qbench.tasks.lowlight;

import java.util.Arrays;

/**
 * What the preview ISP ({@link Isp}) needs to turn a linear camera raw frame into an sRGB picture: the white-balance
 * gains that {@link Unprocess} divided out, the brightness gain it divided out, and the camera-to-sRGB colour matrix.
 *
 * @param redGain white-balance gain of the red channel (Brooks: U(1.9, 2.4))
 * @param blueGain white-balance gain of the blue channel (Brooks: U(1.5, 1.9))
 * @param brightness overall gain (Brooks' rgb gain, 1/N(0.8, 0.1)); 1 for a user's clips
 * @param camToRgb row-major 3x3 matrix from camera RGB to linear sRGB; copied on the way in and out
 */
public record IspParams(double redGain, double blueGain, double brightness, double[] camToRgb) {

    /** Checks the gains and the matrix. */
    public IspParams {
        if (!(redGain > 0 && blueGain > 0 && brightness > 0)) {
            throw new IllegalArgumentException("ISP gains must be positive: red " + redGain + ", blue " + blueGain
                    + ", brightness " + brightness);
        }
        if (camToRgb.length != 9) {
            throw new IllegalArgumentException("camToRgb has " + camToRgb.length + " entries, expected 9");
        }
        camToRgb = camToRgb.clone();
    }

    /** Identity colour matrix with the given gains (for a user's clips whose metadata gives no matrix). */
    public static IspParams ofGains(double redGain, double blueGain) {
        return new IspParams(redGain, blueGain, 1, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    @Override
    public double[] camToRgb() {
        return camToRgb.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IspParams p && redGain == p.redGain && blueGain == p.blueGain
                && brightness == p.brightness && Arrays.equals(camToRgb, p.camToRgb);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(camToRgb) + Double.hashCode(redGain + 3 * blueGain + 7 * brightness);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "IspParams[red %.4f, blue %.4f, brightness %.4f, ccm %s]",
                redGain, blueGain, brightness, Arrays.toString(camToRgb));
    }
}
