package org.qbench.tasks.lowlight;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.data.Checksums;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.data.DebianPackages;
import org.qbench.tasks.images.BoxDownscale;
import org.qbench.tasks.images.RgbImage;
import org.qbench.tasks.sr.SrData;

/**
 * The low-light raw video clips: generated once from Debian-packaged photos and videos (<b>synthetic</b>), or read
 * from a user's folder of paired raw clips.
 *
 * <p><b>Generated</b> ({@value #SYNTHETIC_ID}), with the default {@link Config}:
 * <ul>
 *   <li>{@code train}: 48 clips x 7 frames, mosaic 256x256 (packed 4x128x128), rendered by {@link ClipGenerator}
 *       from 40 photos of the SR training pool ({@link SrData}); ratios drawn from LLRVD's six.</li>
 *   <li>{@value #TEST_PHOTOS}: 6 clips x 10 frames, packed 128x128, from the 5 held-out photos of the pool (every
 *       8th: pool indices 7, 15, 23, 31, 39), ratios 100, 200, 320 twice each.</li>
 *   <li>{@value #TEST_H264}: 6 clips x 10 frames, packed 64x64 (mosaic 128x128), natural motion: two 10-frame
 *       windows (frames 0–9 and 20–29) of each of {@code python3-imageio}'s {@code realshort.mp4} (320x240,
 *       handheld), {@code node-opencv}'s {@code motion.mov} (568x320) and {@code python3-mecavideo}'s
 *       {@code balle-jbart.mp4} (720x576, static camera), decoded by {@link H264Video}, box-downscaled x2 (x1 for
 *       {@code realshort.mp4}, whose 120 rows after x2 would be under the 128-row crop), cropped at a seeded
 *       position, then unprocessed, mosaicked and noised as the rendered clips; ratios 100, 200, 320 in turn.</li>
 * </ul>
 * Files, under {@code <cache>/lowlight/} ({@code <cache>} is qbench's cache, as {@link SrData}'s):
 * {@code <set>/<clip>.noisy.u16} (raw DN including black 512, RGGB mosaic, frames one after another, unsigned 16-bit
 * little-endian), {@code <set>/<clip>.clean.u16} (the clean signal in DN above black, {@code clean·(white −
 * black)}, same layout), where {@code <set>} is {@code train} or {@code test/<name>}; {@code clips.tsv} (each clip's
 * camera, ratio, K, noise scales, colour bias, ISP gains, source and motion); {@code manifest.tsv} (the
 * configuration hash and text, the SHA-256 of every source file and of every generated file). Every load checks
 * every file against the manifest: a changed file is a {@link DataException} naming it (delete the folder to
 * generate again); a different configuration generates again.
 *
 * <p><b>User folder</b> ({@value #USER_ID}): {@code DIR/lowlight/train/<clip>/} and
 * {@code DIR/lowlight/test/<Set>/<clip>/}, each clip folder holding {@code noisy_000.pgm, noisy_001.pgm, ...} and
 * {@code clean_000.pgm, ...} (binary 16-bit PGM, raw mosaics in DN, same count) and a flat {@code meta.json}:
 * {@code {"black": 512, "white": 15360, "ratio": 100, "cfa": "RGGB"}} with optional {@code "camera"},
 * {@code "red_gain"}, {@code "blue_gain"} (preview white balance, default 1; the preview uses an identity colour
 * matrix). The noisy frames are normalised with the ratio, the clean ones without, both packed R, G1, G2, B.
 *
 * <p>Clips are held as floats: the default training set takes about 88 MB for the inputs and as much for the
 * targets.
 */
public final class LowlightData {

    /** The id of the generated data. */
    public static final String SYNTHETIC_ID = "lowlight-synthetic-v1";
    /** The id of a user's folder. */
    public static final String USER_ID = "lowlight-user";
    /** The held-out photo test set. */
    public static final String TEST_PHOTOS = "synthetic-photos";
    /** The natural-motion test set from H.264 videos. */
    public static final String TEST_H264 = "h264";
    /** Bumped whenever the generator changes what it writes for a given configuration. */
    static final int GENERATOR_VERSION = 1;

    private static final String MANIFEST_HEADER = "# qbench lowlight manifest v1";
    private static final String CLIPS_HEADER = "set\tname\tframes\tmosaic_height\tmosaic_width\tratio\tcamera\tk"
            + "\tsigma_read\tlambda\tsigma_row\tcolour_bias\tred_gain\tblue_gain\tbrightness\tsource\tmotion\tsprites";
    private static final String LAYOUT = "expected DIR/lowlight/train/<clip>/ and DIR/lowlight/test/<Set>/<clip>/, "
            + "each with noisy_NNN.pgm and clean_NNN.pgm (16-bit) and meta.json";

    /** A packaged video: its package and where the package installs it. */
    record Video(String name, String pkg, String path) {}

    /** The natural-motion sources, in order. */
    static final List<Video> VIDEOS = List.of(
            new Video("realshort", "python3-imageio",
                    "/usr/lib/python3/dist-packages/imageio/resources/images/realshort.mp4"),
            new Video("motion", "node-opencv", "/usr/share/doc/node-opencv/examples/files/motion.mov"),
            new Video("balle-jbart", "python3-mecavideo", "/usr/share/pymecavideo/data/video/balle-jbart.mp4"));

    /**
     * What the generator makes; its {@link #hash()} goes into results' provenance.
     *
     * @param seed the root seed of every clip
     * @param trainClips training clips
     * @param trainFrames frames per training clip
     * @param trainSize packed side of training clips (the mosaic is twice that)
     * @param testClips clips of {@value #TEST_PHOTOS}
     * @param testFrames frames per test clip (both test sets)
     * @param testSize packed side of {@value #TEST_PHOTOS} clips
     * @param testRatios ratios of the test clips, in turn
     * @param videoClips clips per video of {@value #TEST_H264}
     * @param videoSize packed side of {@value #TEST_H264} clips
     * @param noise the noise model
     */
    public record Config(long seed, int trainClips, int trainFrames, int trainSize, int testClips, int testFrames,
            int testSize, List<Integer> testRatios, int videoClips, int videoSize, NoiseModel noise) {

        /** Checks the sizes. */
        public Config {
            testRatios = List.copyOf(testRatios);
            if (trainClips < 1 || trainFrames < 1 || trainSize < 1 || testClips < 0 || testFrames < 1
                    || testSize < 1 || testRatios.isEmpty() || videoClips < 0 || videoClips > 2 || videoSize < 1
                    || videoSize > 64) {
                throw new IllegalArgumentException("bad low-light data configuration: train " + trainClips + "x"
                        + trainFrames + "x" + trainSize + ", test " + testClips + "x" + testFrames + "x" + testSize
                        + ", ratios " + testRatios + ", video " + videoClips + " (0..2) x " + videoSize + " (1..64)");
            }
        }

        /** The defaults described in {@link LowlightData}. */
        public static Config defaults() {
            return new Config(1, 48, 7, 128, 6, 10, 128, List.of(100, 200, 320), 2, 64, NoiseModel.standard());
        }

        /** Every setting, and the generator's version, as one line. */
        public String describe() {
            return "lowlight-generator v" + GENERATOR_VERSION + " seed=" + seed + " train=" + trainClips + "x"
                    + trainFrames + "x" + trainSize + " test=" + testClips + "x" + testFrames + "x" + testSize
                    + " ratios=" + testRatios + " video=" + videoClips + "x" + videoSize + " noise: "
                    + noise.describe();
        }

        /** First 16 hex digits of the SHA-256 of {@link #describe()}. */
        public String hash() {
            return Checksums.sha256(describe().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        }
    }

    private final Path cacheDir;
    private final Consumer<String> log;
    private final Config config;
    private final java.util.function.Supplier<Inputs> inputs;
    private LowlightSets loaded;
    private Optional<Path> loadedFor;

    /**
     * Data generated under {@code cacheDir} with {@code config}.
     *
     * @param log told what is fetched and generated, with progress
     */
    public LowlightData(Path cacheDir, Consumer<String> log, Config config) {
        this(cacheDir, log, config, null);
    }

    /** For tests: generation reads {@code inputs} instead of the packaged photos and videos. */
    LowlightData(Path cacheDir, Consumer<String> log, Config config, java.util.function.Supplier<Inputs> inputs) {
        this.cacheDir = cacheDir;
        this.log = log;
        this.config = config;
        this.inputs = inputs;
    }

    /** The default configuration in qbench's default cache, messages to standard error. */
    public static LowlightData standard() {
        return new LowlightData(ClassificationTask.defaultCacheDir(), System.err::println, Config.defaults());
    }

    /** The generator's configuration. */
    public Config config() {
        return config;
    }

    /**
     * The clips from the user's folder when one is given, else the generated ones (generated on the first call).
     *
     * @throws DataException naming the file or folder when something is missing, corrupt or cannot be fetched
     */
    public synchronized LowlightSets load(Optional<Path> dataDir) {
        if (loaded == null || !loadedFor.equals(dataDir)) {
            loaded = dataDir.isPresent() ? readUserDir(dataDir.get()) : loadGenerated();
            loadedFor = dataDir;
        }
        return loaded;
    }

    // ---- generated ----

    /** The folder the generated data lives in. */
    public Path folder() {
        return cacheDir.resolve("lowlight");
    }

    private LowlightSets loadGenerated() {
        Path dir = folder();
        Path manifestFile = dir.resolve("manifest.tsv");
        Manifest m = Manifest.read(manifestFile);
        if (m == null || !m.configHash.equals(config.hash())) {
            if (m != null) {
                log.accept("low-light data: configuration changed (" + m.configHash + " -> " + config.hash()
                        + "); generating again");
            }
            generate(dir);
            m = Manifest.read(manifestFile);
            if (m == null) {
                throw new DataException(manifestFile, "missing right after generation");
            }
        }
        for (Map.Entry<String, String> e : m.files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new DataException(f, "missing; delete " + dir + " to generate the low-light data again");
            }
            if (!Checksums.sha256(f).equals(e.getValue())) {
                throw new DataException(f, "differs from its SHA-256 in " + manifestFile + "; delete " + dir
                        + " to generate the low-light data again");
            }
        }
        List<RawClip> train = new ArrayList<>();
        Map<String, List<RawClip>> tests = new LinkedHashMap<>();
        Path clipsFile = dir.resolve("clips.tsv");
        List<String> lines = readLines(clipsFile);
        int black = config.noise().black();
        int white = config.noise().white();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length != 18) {
                throw new DataException(clipsFile, "a row has " + f.length + " columns, expected 18");
            }
            int frames = Integer.parseInt(f[2]);
            int h = Integer.parseInt(f[3]);
            int w = Integer.parseInt(f[4]);
            int ratio = Integer.parseInt(f[5]);
            IspParams isp = new IspParams(Double.parseDouble(f[12]), Double.parseDouble(f[13]),
                    Double.parseDouble(f[14]), Unprocess.camToRgb());
            Path base = dir.resolve(f[0]);
            int[] noisy = readU16(base.resolve(f[1] + ".noisy.u16"), frames * h * w);
            int[] clean = readU16(base.resolve(f[1] + ".clean.u16"), frames * h * w);
            RawClip clip = toClip(f[1], frames, h, w, noisy, clean, 0, black, white, ratio, Cfa.RGGB, f[6], isp);
            if (f[0].equals("train")) {
                train.add(clip);
            } else {
                tests.computeIfAbsent(f[0].substring("test/".length()), k -> new ArrayList<>()).add(clip);
            }
        }
        Map<String, String> checksums = new LinkedHashMap<>(m.sources);
        checksums.put("lowlight/manifest.tsv", Checksums.sha256(manifestFile));
        String dataset = "SYNTHETIC low-light raw video (Debian photos and H.264 frames, unprocessed, ELD noise; "
                + "not comparable with LLRVD or SMOID), generator config " + config.hash();
        return new LowlightSets(SYNTHETIC_ID, dataset, config.hash(), train, tests, checksums);
    }

    /**
     * Packs a clip of mosaics into a {@link RawClip}: noisy raw DN to {@code (raw − black)/(white − black)·ratio}
     * clipped to [0, 1]; clean DN, minus {@code cleanBlack}, divided by {@code white − black}, clipped to [0, 1].
     */
    static RawClip toClip(String name, int frames, int h, int w, int[] noisy, int[] clean, int cleanBlack, int black,
            int white, int ratio, Cfa cfa, String camera, IspParams isp) {
        int n = h * w;
        int ph = h / 2;
        int pw = w / 2;
        float[] noisyOut = new float[frames * 4 * ph * pw];
        float[] cleanOut = new float[noisyOut.length];
        float[] mn = new float[n];
        float[] mc = new float[n];
        float range = white - black;
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < n; i++) {
                mn[i] = NoiseModel.toInput(noisy[t * n + i], black, white, ratio);
                mc[i] = Math.min(1f, Math.max(0f, (clean[t * n + i] - cleanBlack) / range));
            }
            System.arraycopy(Bayer.pack(mn, h, w, cfa), 0, noisyOut, t * 4 * ph * pw, 4 * ph * pw);
            System.arraycopy(Bayer.pack(mc, h, w, cfa), 0, cleanOut, t * 4 * ph * pw, 4 * ph * pw);
        }
        return new RawClip(name, frames, ph, pw, noisyOut, cleanOut, ratio, camera, isp);
    }

    /** One job of the generator: a set folder, a clip name and how to make it. */
    private record Job(String set, String name, IntFunction<ClipGenerator.Clip> make) {}

    private void generate(Path dir) {
        long t0 = System.nanoTime();
        Inputs in = inputs != null ? inputs.get() : packagedInputs();
        Map<String, String> sources = new LinkedHashMap<>(in.sources());
        List<RgbImage> trainPhotos = new ArrayList<>();
        List<RgbImage> heldOut = new ArrayList<>();
        for (int i = 0; i < in.pool().size(); i++) {
            (i % 8 == 7 ? heldOut : trainPhotos).add(in.pool().get(i));
        }
        List<String> videoNames = new ArrayList<>(in.videos().keySet());
        List<Path> videoFiles = new ArrayList<>(in.videos().values());
        for (int v = 0; v < videoFiles.size(); v++) {
            sources.put(videoNames.get(v), Checksums.sha256(videoFiles.get(v)));
        }
        long seed = config.seed();
        NoiseModel noise = config.noise();
        List<Job> jobs = new ArrayList<>();
        ClipGenerator trainGen = new ClipGenerator(noise, config.trainFrames(), 2 * config.trainSize(),
                2 * config.trainSize());
        for (int i = 0; i < config.trainClips(); i++) {
            String name = String.format(Locale.ROOT, "train_%03d", i);
            int index = i;
            jobs.add(new Job("train", name, k -> trainGen.render(name, trainPhotos, seed, index, 0)));
        }
        ClipGenerator testGen = new ClipGenerator(noise, config.testFrames(), 2 * config.testSize(),
                2 * config.testSize());
        List<Integer> ratios = config.testRatios();
        for (int i = 0; i < config.testClips(); i++) {
            int index = i;
            String name = String.format(Locale.ROOT, "photos_%02d_r%d", i, ratios.get(i % ratios.size()));
            jobs.add(new Job("test/" + TEST_PHOTOS, name,
                    k -> testGen.render(name, heldOut, seed, 1000 + index, ratios.get(index % ratios.size()))));
        }
        ClipGenerator videoGen = new ClipGenerator(noise, config.testFrames(), 2 * config.videoSize(),
                2 * config.videoSize());
        for (int v = 0; v < videoFiles.size(); v++) {
            for (int j = 0; j < config.videoClips(); j++) {
                int index = v * config.videoClips() + j;
                int ratio = ratios.get(index % ratios.size());
                String name = String.format(Locale.ROOT, "%s_%d_r%d", stem(videoNames.get(v)), j, ratio);
                Path file = videoFiles.get(v);
                int skip = 20 * j;
                jobs.add(new Job("test/" + TEST_H264, name,
                        k -> videoClip(videoGen, name, file, skip, seed, 2000 + index, ratio)));
            }
        }
        log.accept("low-light data: generating " + jobs.size() + " clips into " + dir + " (config "
                + config.hash() + ")");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("manifest.tsv"));
        } catch (IOException e) {
            throw new DataException(dir, "cannot create (" + e.getMessage() + ")", e);
        }
        AtomicInteger done = new AtomicInteger();
        List<String[]> rows = inParallel(jobs, job -> {
            ClipGenerator.Clip c = job.make().apply(0);
            Path base = dir.resolve(job.set());
            Path noisyFile = base.resolve(job.name() + ".noisy.u16");
            Path cleanFile = base.resolve(job.name() + ".clean.u16");
            writeU16(noisyFile, c.noisy());
            writeU16(cleanFile, c.clean());
            int d = done.incrementAndGet();
            if (d % 8 == 0 || d == jobs.size()) {
                log.accept(String.format(Locale.ROOT, "low-light data: %d/%d clips (%.1f s)", d, jobs.size(),
                        (System.nanoTime() - t0) / 1e9));
            }
            return new String[] {clipRow(job.set(), c), job.set() + "/" + job.name() + ".noisy.u16",
                Checksums.sha256(noisyFile), job.set() + "/" + job.name() + ".clean.u16",
                Checksums.sha256(cleanFile)};
        });
        StringBuilder clips = new StringBuilder(CLIPS_HEADER).append('\n');
        Map<String, String> files = new LinkedHashMap<>();
        for (String[] r : rows) {
            clips.append(r[0]).append('\n');
            files.put(r[1], r[2]);
            files.put(r[3], r[4]);
        }
        Path clipsFile = dir.resolve("clips.tsv");
        writeString(clipsFile, clips.toString());
        files.put("clips.tsv", Checksums.sha256(clipsFile));
        StringBuilder sb = new StringBuilder(MANIFEST_HEADER).append('\n');
        sb.append("config\t").append(config.hash()).append('\t').append(config.describe()).append('\n');
        sources.forEach((k, v) -> sb.append("source\t").append(k).append('\t').append(v).append('\n'));
        files.forEach((k, v) -> sb.append("file\t").append(k).append('\t').append(v).append('\n'));
        Path tmp = dir.resolve("manifest.tsv.part");
        writeString(tmp, sb.toString());
        try {
            Files.move(tmp, dir.resolve("manifest.tsv"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(dir.resolve("manifest.tsv"), "cannot write (" + e.getMessage() + ")", e);
        }
        log.accept(String.format(Locale.ROOT, "low-light data: %d clips generated in %.1f s", jobs.size(),
                (System.nanoTime() - t0) / 1e9));
    }

    /** The file name without folder and extension. */
    private static String stem(String path) {
        String n = path.substring(path.lastIndexOf('/') + 1);
        return n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n;
    }

    /**
     * What the generator reads: the photo pool in order, the source checksums for provenance, and the videos by
     * their path inside their package (in order).
     */
    record Inputs(List<RgbImage> pool, Map<String, String> sources, Map<String, Path> videos) {}

    /** The SR photo pool and the packaged videos, fetched when missing. */
    private Inputs packagedInputs() {
        log.accept("low-light data: reading the SR photo pool");
        var pool = SrData.prepare(Optional.empty(), cacheDir, log);
        Map<String, String> sources = new LinkedHashMap<>();
        // SrData lists the pool's source checksums first, in pool order.
        pool.checksums().entrySet().stream().limit(pool.train().size())
                .forEach(e -> sources.put(e.getKey(), e.getValue()));
        Map<String, Path> videos = new LinkedHashMap<>();
        if (config.videoClips() > 0) {
            for (Video v : VIDEOS) {
                videos.put(v.path(), videoFile(v));
            }
        }
        return new Inputs(pool.train(), sources, videos);
    }

    private static ClipGenerator.Clip videoClip(ClipGenerator gen, String name, Path file, int skip, long seed,
            int index, int ratio) {
        int side = gen.height();
        List<RgbImage> frames = H264Video.read(file, skip, gen.frames());
        RgbImage first = frames.get(0);
        int factor = Math.min(first.height(), first.width()) / 2 >= side ? 2 : 1;
        int h = first.height() / factor;
        int w = first.width() / factor;
        if (h < side || w < side) {
            throw new DataException(file, "frames of " + first.width() + "x" + first.height()
                    + " are too small for a " + side + "x" + side + " crop");
        }
        SplittableRandom r = ClipGenerator.clipRandom(seed ^ 0x5DEECE66DL, index);
        int y = r.nextInt(h - side + 1);
        int x = r.nextInt(w - side + 1);
        List<RgbImage> crops = new ArrayList<>(frames.size());
        for (RgbImage f : frames) {
            crops.add(BoxDownscale.apply(f, factor).crop(y, x, side, side));
        }
        String motion = String.format(Locale.ROOT, "frames %d-%d, box x%d, crop %dx%d at (y %d, x %d)", skip,
                skip + frames.size() - 1, factor, side, side, y, x);
        return gen.fromFrames(name, file.getFileName().toString(), motion, crops, seed, index, ratio);
    }

    private static String clipRow(String set, ClipGenerator.Clip c) {
        ClipNoise p = c.info().noise();
        IspParams isp = c.info().isp();
        String bias = p.colourBias().stream().map(v -> String.format(Locale.ROOT, "%.4f", v))
                .collect(Collectors.joining(","));
        String sprites = c.info().sprites().stream()
                .map(s -> String.format(Locale.ROOT, "%s %s %dx%d zoom=%.3f %s", s.photo(),
                        s.ellipse() ? "ellipse" : "rect", s.width(), s.height(), s.zoom(), s.motion().describe()))
                .collect(Collectors.joining("; "));
        return String.join("\t", set, c.info().name(), Integer.toString(c.frames()), Integer.toString(c.height()),
                Integer.toString(c.width()), Integer.toString(p.ratio()), p.camera(),
                String.format(Locale.ROOT, "%.6f", p.k()), String.format(Locale.ROOT, "%.6f", p.sigmaRead()),
                String.format(Locale.ROOT, "%.6f", p.lambda()), String.format(Locale.ROOT, "%.6f", p.sigmaRow()),
                bias, Double.toString(isp.redGain()), Double.toString(isp.blueGain()),
                Double.toString(isp.brightness()), c.info().source(), c.info().motion(), sprites);
    }

    private Path videoFile(Video v) {
        Path installed = Path.of(v.path());
        if (Files.isRegularFile(installed)) {
            return installed;
        }
        Path cached = DebianPackages.unpacked(cacheDir, v.path());
        if (!Files.isRegularFile(cached)) {
            try {
                DebianPackages.fetch(v.pkg(), cacheDir, log);
            } catch (IOException e) {
                throw new DataException(DebianPackages.unpacked(cacheDir), "cannot fetch Debian package " + v.pkg()
                        + " (" + e.getMessage() + "); install it, or pass --data-dir DIR with " + LAYOUT, e);
            }
            if (!Files.isRegularFile(cached)) {
                throw new DataException(cached, "Debian package " + v.pkg() + " does not hold this file");
            }
        }
        return cached;
    }

    /** The manifest's content. */
    private record Manifest(String configHash, Map<String, String> sources, Map<String, String> files) {

        static Manifest read(Path file) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            List<String> lines = readLines(file);
            if (lines.isEmpty() || !lines.get(0).equals(MANIFEST_HEADER)) {
                return null;
            }
            String hash = null;
            Map<String, String> sources = new LinkedHashMap<>();
            Map<String, String> files = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", 3);
                if (f.length < 3) {
                    throw new DataException(file, "malformed row '" + line + "'");
                }
                switch (f[0]) {
                    case "config" -> hash = f[1];
                    case "source" -> sources.put(f[1], f[2]);
                    case "file" -> files.put(f[1], f[2]);
                    default -> throw new DataException(file, "unknown row kind '" + f[0] + "'");
                }
            }
            return hash == null ? null : new Manifest(hash, sources, files);
        }
    }

    // ---- the user's folder ----

    private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"([^\"]*)\"|[-+0-9.eE]+)");

    private static LowlightSets readUserDir(Path root) {
        Path base = root.resolve("lowlight");
        Path trainDir = base.resolve("train");
        Path testDir = base.resolve("test");
        for (Path d : List.of(trainDir, testDir)) {
            if (!Files.isDirectory(d)) {
                throw new DataException(d, "no such folder; " + LAYOUT);
            }
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        List<RawClip> train = readClipDirs(root, trainDir, checksums);
        Map<String, List<RawClip>> tests = new LinkedHashMap<>();
        for (Path set : subfolders(testDir)) {
            tests.put(set.getFileName().toString(), readClipDirs(root, set, checksums));
        }
        if (tests.isEmpty()) {
            throw new DataException(testDir, "holds no test-set folders; " + LAYOUT);
        }
        return new LowlightSets(USER_ID, "user low-light raw clips from " + root, "user", train, tests, checksums);
    }

    private static List<RawClip> readClipDirs(Path root, Path dir, Map<String, String> checksums) {
        List<Path> clipDirs = subfolders(dir);
        if (clipDirs.isEmpty()) {
            throw new DataException(dir, "holds no clip folders; " + LAYOUT);
        }
        List<RawClip> out = new ArrayList<>();
        for (Path c : clipDirs) {
            out.add(readUserClip(root, c, checksums));
        }
        return out;
    }

    static RawClip readUserClip(Path root, Path dir, Map<String, String> checksums) {
        Path metaFile = dir.resolve("meta.json");
        if (!Files.isRegularFile(metaFile)) {
            throw new DataException(metaFile, "missing; " + LAYOUT);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(metaFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(metaFile, "cannot read (" + e.getMessage() + ")", e);
        }
        Matcher m = JSON_FIELD.matcher(text);
        while (m.find()) {
            meta.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
        }
        int black;
        int white;
        int ratio;
        Cfa cfa;
        double red;
        double blue;
        try {
            black = Integer.parseInt(required(meta, "black", metaFile));
            white = Integer.parseInt(required(meta, "white", metaFile));
            ratio = Integer.parseInt(required(meta, "ratio", metaFile));
            cfa = Cfa.parse(required(meta, "cfa", metaFile));
            red = Double.parseDouble(meta.getOrDefault("red_gain", "1"));
            blue = Double.parseDouble(meta.getOrDefault("blue_gain", "1"));
        } catch (IllegalArgumentException e) {
            throw new DataException(metaFile, e.getMessage(), e);
        }
        if (black < 0 || white <= black || ratio < 1) {
            throw new DataException(metaFile, "needs 0 <= black < white and ratio >= 1, got black " + black
                    + ", white " + white + ", ratio " + ratio);
        }
        List<Path> noisyFiles = filesStarting(dir, "noisy_");
        List<Path> cleanFiles = filesStarting(dir, "clean_");
        if (noisyFiles.isEmpty() || noisyFiles.size() != cleanFiles.size()) {
            throw new DataException(dir, noisyFiles.size() + " noisy_NNN.pgm and " + cleanFiles.size()
                    + " clean_NNN.pgm files; expected the same number, at least 1");
        }
        int frames = noisyFiles.size();
        int h = -1;
        int w = -1;
        int[] noisy = null;
        int[] clean = null;
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < 2; k++) {
                Path f = (k == 0 ? noisyFiles : cleanFiles).get(t);
                Pgm16.Mosaic mo = Pgm16.read(f);
                checksums.put(root.relativize(f).toString().replace('\\', '/'), Checksums.sha256(f));
                if (h < 0) {
                    h = mo.height() & ~1;
                    w = mo.width() & ~1;
                    if (h < 2 || w < 2) {
                        throw new DataException(f, "mosaic of " + mo.width() + "x" + mo.height() + " is too small");
                    }
                    noisy = new int[frames * h * w];
                    clean = new int[frames * h * w];
                } else if ((mo.height() & ~1) != h || (mo.width() & ~1) != w) {
                    throw new DataException(f, "size " + mo.width() + "x" + mo.height() + " differs from the clip's "
                            + w + "x" + h);
                }
                int[] dst = k == 0 ? noisy : clean;
                for (int y = 0; y < h; y++) {
                    System.arraycopy(mo.values(), y * mo.width(), dst, (t * h + y) * w, w);
                }
            }
        }
        checksums.put(root.relativize(metaFile).toString().replace('\\', '/'), Checksums.sha256(metaFile));
        String camera = meta.getOrDefault("camera", "user");
        return toClip(dir.getFileName().toString(), frames, h, w, noisy, clean, black, black, white, ratio, cfa,
                camera, IspParams.ofGains(red, blue));
    }

    private static String required(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) {
            throw new DataException(file, "has no \"" + key + "\" field; expected black, white, ratio and cfa");
        }
        return v;
    }

    private static List<Path> filesStarting(Path dir, String prefix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.toLowerCase(Locale.ROOT).endsWith(".pgm");
            }).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir, "cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir, "cannot list (" + e.getMessage() + ")", e);
        }
    }

    // ---- files ----

    static void writeU16(Path file, short[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new DataException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    static int[] readU16(Path file, int count) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length != 2L * count) {
            throw new DataException(file, bytes.length + " bytes, expected " + 2L * count);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = b.getShort() & 0xFFFF;
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static void writeString(Path file, String s) {
        try {
            Files.writeString(file, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static <T, R> List<R> inParallel(List<T> items, java.util.function.Function<T, R> f) {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            return pool.submit(() -> IntStream.range(0, items.size()).parallel().mapToObj(i -> f.apply(items.get(i)))
                    .toList()).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating low-light clips", e);
        } finally {
            pool.shutdown();
        }
    }
}
