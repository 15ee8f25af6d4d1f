package org.qbench.tasks.lowlight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.qbench.tasks.images.RgbImage;

/**
 * Renders synthetic raw clips. From photographs ({@link #render}): a background window of one photo that moves with a
 * known sub-pixel global motion (position {@code p0 + v·t + a·t²/2}, bilinear sampling, so the velocity changes
 * smoothly), and 1–3 sprite layers (rectangular or elliptical windows of other photos, each with its own motion)
 * pasted over it. Frames are rendered at twice the mosaic's size and box-averaged x2 (anti-aliasing the sprite
 * edges and the resampled texture), then unprocessed ({@link Unprocess}), mosaicked RGGB and darkened and noised
 * ({@link NoiseModel}). From video frames ({@link #fromFrames}): the same chain after the caller's crop.
 *
 * <p>Everything is drawn from the seed and the clip index only, with one stream per purpose (scene, ISP gains, clip
 * noise parameters, per-frame noise), so a clip reproduces exactly and changing one purpose does not move the
 * others.
 */
public final class ClipGenerator {

    /** Largest background speed, in rendered pixels per frame (half that in mosaic pixels). */
    static final double MAX_BACKGROUND_SPEED = 6;
    /** Largest sprite speed, in rendered pixels per frame. */
    static final double MAX_SPRITE_SPEED = 10;
    /** Largest acceleration, in rendered pixels per frame². */
    static final double MAX_ACCELERATION = 0.4;

    /**
     * Motion along two axes: {@code (y, x)(t) = (y0, x0) + (vy, vx)·t + (ay, ax)·t²/2}, in rendered pixels.
     *
     * @param y0 start row
     * @param x0 start column
     * @param vy start velocity along rows
     * @param vx start velocity along columns
     * @param ay acceleration along rows
     * @param ax acceleration along columns
     */
    public record Motion(double y0, double x0, double vy, double vx, double ay, double ax) {

        double y(int t) {
            return y0 + vy * t + ay * t * t / 2;
        }

        double x(int t) {
            return x0 + vx * t + ax * t * t / 2;
        }

        /** Compact text for metadata files. */
        public String describe() {
            return String.format(Locale.ROOT, "p0=(%.2f,%.2f) v=(%.3f,%.3f) a=(%.4f,%.4f)", y0, x0, vy, vx, ay, ax);
        }
    }

    /**
     * One sprite layer: a window of a photo moving over the frame.
     *
     * @param photo the photo's name
     * @param ellipse whether the window is elliptical (else rectangular)
     * @param height window height in rendered pixels
     * @param width window width in rendered pixels
     * @param srcY top row of the window in the photo
     * @param srcX left column of the window in the photo
     * @param zoom photo pixels per rendered pixel
     * @param motion the window's top-left corner in the frame
     */
    public record Sprite(String photo, boolean ellipse, int height, int width, double srcY, double srcX, double zoom,
            Motion motion) {}

    /**
     * What a clip was made of, for metadata and provenance.
     *
     * @param name the clip's name
     * @param source the background photo's or the video's name
     * @param motion how the background or video crop was taken (text)
     * @param sprites sprite layers, bottom first (empty for video clips)
     * @param noise the clip's noise parameters (camera, ratio, K ...)
     * @param isp the gains and colour matrix to preview it with
     */
    public record ClipInfo(String name, String source, String motion, List<Sprite> sprites, ClipNoise noise,
            IspParams isp) {

        /** Copies the list. */
        public ClipInfo {
            sprites = List.copyOf(sprites);
        }
    }

    /**
     * A rendered clip as the sensor gives it: {@code frames x height x width} RGGB mosaics, row-major.
     *
     * @param info how it was made
     * @param frames number of frames
     * @param height mosaic rows
     * @param width mosaic columns
     * @param noisy raw DN including black, unsigned 16-bit
     * @param clean clean signal in DN above black ({@code clean·(white − black)}, rounded), unsigned 16-bit
     */
    public record Clip(ClipInfo info, int frames, int height, int width, short[] noisy, short[] clean) {}

    private final NoiseModel noise;
    private final int frames;
    private final int height;
    private final int width;

    /**
     * A generator of clips of {@code frames} mosaics of {@code height x width} (both even).
     *
     * @throws IllegalArgumentException if a size is odd or not positive
     */
    public ClipGenerator(NoiseModel noise, int frames, int height, int width) {
        if (frames < 1 || height < 2 || width < 2 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("clip size " + frames + "x" + height + "x" + width
                    + ": frames must be positive and the mosaic sides even");
        }
        this.noise = noise;
        this.frames = frames;
        this.height = height;
        this.width = width;
    }

    /** Frames per clip. */
    public int frames() {
        return frames;
    }

    /** Mosaic rows. */
    public int height() {
        return height;
    }

    /** Mosaic columns. */
    public int width() {
        return width;
    }

    /** The random stream of clip {@code index} under {@code seed}. */
    static SplittableRandom clipRandom(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0xBF58476D1CE4E5B9L * (index + 1L));
    }

    /**
     * Renders clip {@code index} from the photos: background and sprites chosen among them by the seed.
     *
     * @param photos at least two photos, each at least twice the mosaic's size along both sides
     * @param ratio the exposure ratio, or 0 to draw it from the noise model's ratios
     */
    public Clip render(String name, List<RgbImage> photos, long seed, int index, int ratio) {
        if (photos.size() < 2) {
            throw new IllegalArgumentException("clip rendering needs at least two photos, got " + photos.size());
        }
        SplittableRandom root = clipRandom(seed, index);
        SplittableRandom scene = root.split();
        int rh = 2 * height;
        int rw = 2 * width;
        int bg = scene.nextInt(photos.size());
        RgbImage back = photos.get(bg);
        double[] zoomOut = new double[1];
        Motion bgMotion = fitBackground(back, rh, rw, scene, zoomOut);
        double zoom = zoomOut[0];
        int nSprites = 1 + scene.nextInt(3);
        List<Sprite> sprites = new ArrayList<>();
        List<RgbImage> spritePhotos = new ArrayList<>();
        for (int s = 0; s < nSprites; s++) {
            int pi = scene.nextInt(photos.size() - 1);
            RgbImage photo = photos.get(pi >= bg ? pi + 1 : pi);
            sprites.add(sprite(photo, rh, rw, scene));
            spritePhotos.add(photo);
        }
        List<float[]> srgb = new ArrayList<>(frames);
        float[] buf = new float[3 * rh * rw];
        for (int t = 0; t < frames; t++) {
            drawBackground(back, bgMotion, zoom, t, buf, rh, rw);
            for (int s = 0; s < sprites.size(); s++) {
                drawSprite(spritePhotos.get(s), sprites.get(s), t, buf, rh, rw);
            }
            srgb.add(halve(buf, rh, rw));
        }
        String motion = String.format(Locale.ROOT, "background zoom=%.3f %s", zoom, bgMotion.describe());
        return finish(name, back.name(), motion, sprites, srgb, root, ratio);
    }

    /**
     * A clip from video frames already cropped to the mosaic's size ({@code height x width} sRGB each).
     *
     * @param motion how the frames were taken, for metadata
     * @param ratio the exposure ratio, or 0 to draw it
     * @throws IllegalArgumentException if the count or a frame's size is wrong
     */
    public Clip fromFrames(String name, String source, String motion, List<RgbImage> videoFrames, long seed,
            int index, int ratio) {
        if (videoFrames.size() != frames) {
            throw new IllegalArgumentException("clip " + name + ": " + videoFrames.size() + " frames, expected "
                    + frames);
        }
        List<float[]> srgb = new ArrayList<>(frames);
        for (RgbImage f : videoFrames) {
            if (f.height() != height || f.width() != width) {
                throw new IllegalArgumentException("clip " + name + ": frame " + f.width() + "x" + f.height()
                        + ", expected " + width + "x" + height);
            }
            srgb.add(f.toUnitFloats());
        }
        SplittableRandom root = clipRandom(seed, index);
        root.split(); // the scene stream, unused: keeps the other streams as for rendered clips
        return finish(name, source, motion, List.of(), srgb, root, ratio);
    }

    private Clip finish(String name, String source, String motion, List<Sprite> sprites, List<float[]> srgb,
            SplittableRandom root, int ratio) {
        SplittableRandom ispRandom = root.split();
        SplittableRandom paramRandom = root.split();
        SplittableRandom frameRandom = root.split();
        IspParams isp = Unprocess.drawParams(ispRandom);
        ClipNoise p = ratio > 0 ? noise.drawClip(ratio, paramRandom) : noise.drawClip(paramRandom);
        int n = height * width;
        short[] noisy = new short[frames * n];
        short[] clean = new short[frames * n];
        int range = noise.range();
        float[] cleanUnit = new float[n];
        for (int t = 0; t < frames; t++) {
            float[] cam = Unprocess.apply(srgb.get(t), height, width, isp);
            float[] mosaic = Bayer.mosaic(cam, height, width, Cfa.RGGB);
            for (int i = 0; i < n; i++) {
                int dn = (int) Math.rint(mosaic[i] * range);
                clean[t * n + i] = (short) dn;
                cleanUnit[i] = (float) dn / range;
            }
            short[] raw = noise.noisyFrame(cleanUnit, height, width, Cfa.RGGB, p, frameRandom);
            System.arraycopy(raw, 0, noisy, t * n, n);
        }
        return new Clip(new ClipInfo(name, source, motion, sprites, p, isp), frames, height, width, noisy, clean);
    }

    /** A zoom and a motion whose whole trajectory keeps the window inside the photo. */
    private Motion fitBackground(RgbImage photo, int rh, int rw, RandomGenerator r, double[] zoomOut) {
        double speed = MAX_BACKGROUND_SPEED * r.nextDouble();
        double angle = 2 * Math.PI * r.nextDouble();
        double vy = speed * Math.sin(angle);
        double vx = speed * Math.cos(angle);
        double ay = MAX_ACCELERATION * (2 * r.nextDouble() - 1);
        double ax = MAX_ACCELERATION * (2 * r.nextDouble() - 1);
        double zoomWanted = 1 + r.nextDouble();
        double uy = r.nextDouble();
        double ux = r.nextDouble();
        Motion m0 = new Motion(0, 0, vy, vx, ay, ax);
        double[] ey = extent(m0, true);
        double[] ex = extent(m0, false);
        // The window covers zoom·(side − 1) photo pixels plus the trajectory's span, which is in rendered pixels
        // scaled by the zoom too (the motion is of the camera over the rendered frame).
        double fitY = (photo.height() - 2) / (rh - 1 + ey[1] - ey[0]);
        double fitX = (photo.width() - 2) / (rw - 1 + ex[1] - ex[0]);
        double zoom = Math.min(zoomWanted, Math.min(fitY, fitX));
        if (zoom < 0.25) {
            throw new IllegalArgumentException("photo " + photo.name() + " (" + photo.width() + "x" + photo.height()
                    + ") is too small for a " + rw + "x" + rh + " rendered clip");
        }
        zoomOut[0] = zoom;
        double spareY = photo.height() - 2 - zoom * (rh - 1 + ey[1] - ey[0]);
        double spareX = photo.width() - 2 - zoom * (rw - 1 + ex[1] - ex[0]);
        return new Motion(-ey[0] + uy * spareY / zoom, -ex[0] + ux * spareX / zoom, vy, vx, ay, ax);
    }

    /** Smallest and largest displacement over the clip along one axis. */
    private double[] extent(Motion m, boolean rows) {
        double lo = 0;
        double hi = 0;
        for (int t = 0; t < frames; t++) {
            double v = rows ? m.y(t) : m.x(t);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new double[] {lo, hi};
    }

    private Sprite sprite(RgbImage photo, int rh, int rw, RandomGenerator r) {
        boolean ellipse = r.nextBoolean();
        int sh = (int) Math.round(rh * (0.2 + 0.3 * r.nextDouble()));
        int sw = (int) Math.round(rw * (0.2 + 0.3 * r.nextDouble()));
        double zoom = Math.min(0.75 + r.nextDouble(), Math.min((photo.height() - 2.0) / sh, (photo.width() - 2.0) / sw));
        double srcY = r.nextDouble() * (photo.height() - 2 - zoom * sh);
        double srcX = r.nextDouble() * (photo.width() - 2 - zoom * sw);
        double speed = MAX_SPRITE_SPEED * (0.3 + 0.7 * r.nextDouble());
        double angle = 2 * Math.PI * r.nextDouble();
        double vy = speed * Math.sin(angle);
        double vx = speed * Math.cos(angle);
        // Start so that the sprite's centre crosses the middle part of the frame half-way through the clip.
        double midY = rh * (0.25 + 0.5 * r.nextDouble()) - sh / 2.0;
        double midX = rw * (0.25 + 0.5 * r.nextDouble()) - sw / 2.0;
        double half = (frames - 1) / 2.0;
        double ay = MAX_ACCELERATION * (2 * r.nextDouble() - 1);
        double ax = MAX_ACCELERATION * (2 * r.nextDouble() - 1);
        Motion m = new Motion(midY - vy * half - ay * half * half / 2, midX - vx * half - ax * half * half / 2,
                vy, vx, ay, ax);
        return new Sprite(photo.name(), ellipse, sh, sw, srcY, srcX, zoom, m);
    }

    private static void drawBackground(RgbImage photo, Motion m, double zoom, int t, float[] out, int rh, int rw) {
        double oy = m.y(t) * zoom;
        double ox = m.x(t) * zoom;
        int plane = rh * rw;
        for (int y = 0; y < rh; y++) {
            double py = oy + y * zoom;
            for (int x = 0; x < rw; x++) {
                bilinear(photo, py, ox + x * zoom, out, y * rw + x, plane);
            }
        }
    }

    private static void drawSprite(RgbImage photo, Sprite s, int t, float[] out, int rh, int rw) {
        double top = s.motion().y(t);
        double left = s.motion().x(t);
        int plane = rh * rw;
        int y0 = Math.max(0, (int) Math.ceil(top));
        int y1 = Math.min(rh - 1, (int) Math.floor(top + s.height() - 1));
        int x0 = Math.max(0, (int) Math.ceil(left));
        int x1 = Math.min(rw - 1, (int) Math.floor(left + s.width() - 1));
        for (int y = y0; y <= y1; y++) {
            double ly = y - top;
            for (int x = x0; x <= x1; x++) {
                double lx = x - left;
                if (s.ellipse()) {
                    double ny = (ly + 0.5) / s.height() * 2 - 1;
                    double nx = (lx + 0.5) / s.width() * 2 - 1;
                    if (ny * ny + nx * nx > 1) {
                        continue;
                    }
                }
                bilinear(photo, s.srcY() + ly * s.zoom(), s.srcX() + lx * s.zoom(), out, y * rw + x, plane);
            }
        }
    }

    /** Bilinear sample of the photo at (y, x) (clamped inside), values in [0, 1], into the three planes at i. */
    private static void bilinear(RgbImage photo, double y, double x, float[] out, int i, int plane) {
        int h = photo.height();
        int w = photo.width();
        y = Math.min(Math.max(y, 0), h - 1.000001);
        x = Math.min(Math.max(x, 0), w - 1.000001);
        int iy = (int) y;
        int ix = (int) x;
        double fy = y - iy;
        double fx = x - ix;
        byte[] rgb = photo.rgb();
        int pp = h * w;
        int a = iy * w + ix;
        for (int c = 0; c < 3; c++) {
            int base = c * pp + a;
            double top = (rgb[base] & 0xFF) * (1 - fx) + (rgb[base + 1] & 0xFF) * fx;
            double bot = (rgb[base + w] & 0xFF) * (1 - fx) + (rgb[base + w + 1] & 0xFF) * fx;
            out[c * plane + i] = (float) ((top * (1 - fy) + bot * fy) / 255);
        }
    }

    /** x2 box average of planar RGB floats. */
    static float[] halve(float[] in, int h, int w) {
        int oh = h / 2;
        int ow = w / 2;
        float[] out = new float[3 * oh * ow];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < oh; y++) {
                int r0 = (c * h + 2 * y) * w;
                int r1 = r0 + w;
                int o = (c * oh + y) * ow;
                for (int x = 0; x < ow; x++) {
                    out[o + x] = 0.25f * (in[r0 + 2 * x] + in[r0 + 2 * x + 1] + in[r1 + 2 * x] + in[r1 + 2 * x + 1]);
                }
            }
        }
        return out;
    }
}
