package org.qbench.tasks.lowlight;

import java.util.List;

/**
 * The noise parameters of one clip, drawn once by {@link NoiseModel#drawClip} and shared by all its frames.
 *
 * @param camera the {@link CameraProfile} name
 * @param ratio exposure ratio: the dark frame is the clean one divided by it
 * @param k system gain (DN per electron)
 * @param sigmaRead read-noise scale: σ_TL for Tukey-λ read noise, σ for Gaussian read noise (DN)
 * @param lambda Tukey-λ shape (unused for Gaussian read noise)
 * @param sigmaRow row-noise standard deviation (DN)
 * @param colourBias black-level offset of each packed channel R, G1, G2, B (DN)
 */
public record ClipNoise(String camera, int ratio, double k, double sigmaRead, double lambda, double sigmaRow,
        List<Double> colourBias) {

    /** Checks the values. */
    public ClipNoise {
        colourBias = List.copyOf(colourBias);
        if (colourBias.size() != 4 || ratio < 1 || !(k > 0) || !(sigmaRead >= 0) || !(sigmaRow >= 0)) {
            throw new IllegalArgumentException("bad clip noise: ratio " + ratio + ", K " + k + ", σ read "
                    + sigmaRead + ", σ row " + sigmaRow + ", bias " + colourBias);
        }
    }
}
