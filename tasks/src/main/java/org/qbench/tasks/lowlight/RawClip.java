package org.qbench.tasks.lowlight;

import java.util.Objects;

/**
 * One paired low-light clip, packed RGGB (channels R, G1, G2, B), ready for a network: {@code frames x 4 x height
 * x width} floats, frame-major (frame {@code t}, channel {@code c}, row {@code y}, column {@code x} at
 * {@code ((t * 4 + c) * height + y) * width + x}).
 *
 * <p>The arrays are not copied (a training set holds about 90 MB of each): callers must not write to them.
 *
 * @param name the clip's name
 * @param frames number of frames
 * @param height packed rows (half the mosaic's)
 * @param width packed columns (half the mosaic's)
 * @param noisy network input, BRVE's normalisation: {@code (raw − black)/(white − black)·ratio} clipped to [0, 1]
 * @param clean target: {@code (clean − black)/(white − black)}, no ratio, in [0, 1]
 * @param ratio the exposure ratio
 * @param camera the camera profile the noise was drawn from (or the user's camera name)
 * @param isp gains and colour matrix for previews with {@link Isp}
 */
public record RawClip(String name, int frames, int height, int width, float[] noisy, float[] clean, int ratio,
        String camera, IspParams isp) {

    /** Checks the shapes. */
    public RawClip {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(isp, "isp");
        long n = 4L * frames * height * width;
        if (frames < 1 || height < 1 || width < 1 || noisy.length != n || clean.length != n || ratio < 1) {
            throw new IllegalArgumentException("clip " + name + ": " + noisy.length + " noisy and " + clean.length
                    + " clean values for " + frames + "x4x" + height + "x" + width + ", ratio " + ratio);
        }
    }

    /** Index of frame {@code t}'s first value in {@link #noisy()} and {@link #clean()}. */
    public int frameOffset(int t) {
        return t * 4 * height * width;
    }

    @Override
    public String toString() {
        return "RawClip[" + name + ", " + frames + "x4x" + height + "x" + width + ", ratio " + ratio + ", " + camera
                + "]";
    }
}
