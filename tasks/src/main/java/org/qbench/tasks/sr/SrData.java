package org.qbench.tasks.sr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.qbench.tasks.data.Checksums;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.data.DebianPackages;
import org.qbench.tasks.images.BoxDownscale;
import org.qbench.tasks.images.ImageFiles;
import org.qbench.tasks.images.RgbImage;

/**
 * The super-resolution images: either a user's own (DIV2K, Set5, Set14, B100, Urban100 ...) or a collection made
 * from photographs that Debian 12 packages carry, since Debian packages none of the benchmark sets.
 *
 * <p><b>Packaged collection</b> ({@value #PACKAGED_ID}); every file is fetched with {@link DebianPackages}:
 * <ul>
 *   <li>Training pool, 45 photographs: 14 of {@code lomiri-wallpapers-16.04} (not {@code umang}, a gradient
 *       artwork), {@code Kleiber} of {@code lomiri-wallpapers-20.04}, the 12 of {@code mate-backgrounds}'
 *       {@code nature/}, 12 themes of {@code plasma-workspace-wallpapers} (each theme's {@code 2560x1600.jpg};
 *       Volna has only {@code 5120x2880.jpg}), the 5 {@code IMG_*} phone photos of {@code forensics-samples-files}
 *       and {@code flower.png} of {@code libjxl-testdata}. Each JPEG is box-downscaled by
 *       {@code max(2, factorFor(h, w, 2040))} to remove JPEG blocking and 4:2:0 chroma before it counts as HR; the
 *       lossless PNG by {@code factorFor(h, w, 2040)} only (DIV2K's long side is 2040).</li>
 *   <li>{@value #SET5}: {@code opencv-doc}'s {@code butterfly.png} and {@code python3-skimage}'s astronaut,
 *       coffee, chelsea and motorcycle_left, all lossless PNG, used as they are.</li>
 *   <li>{@value #SET14}: those five plus three CC0 photos of {@code libjxl-testdata} ({@code wesaturate/500px}),
 *       {@code cimg-examples}' parrot (PPM), {@code opencv-doc}'s home (PNG), baboon and fruits (JPEG),
 *       {@code python3-skimage}'s rocket (JPEG) and {@code python3-sklearn}'s china (JPEG): 14 images. The four
 *       JPEG members are box-downscaled x2, so they are half their packaged size. {@code libjxl-testdata}'s
 *       {@code hdr_room.png} is left out: it has 16 bits per channel, and tone-mapping it would be a choice of ours.
 *   </li>
 * </ul>
 * The first call fetches the packages into {@code <cache>/debs} and {@code <cache>/debian} and writes the prepared
 * HR images to {@code <cache>/sr/hr/<name>.png} and {@code <cache>/sr/test/<set>/<name>.png}, listed in
 * {@code <cache>/sr/manifest.tsv} with the source's and the prepared file's SHA-256 and the box factor. Later
 * calls read those PNGs and check each against the manifest; one that differs is prepared again.
 *
 * <p><b>User folder</b> ({@value #USER_ID}): {@code DIR/sr/train/*.png} are the HR training images (e.g.
 * DIV2K_train_HR), and each folder {@code DIR/sr/test/<SetName>/} holding {@code *.png} or {@code *.bmp} is an HR
 * test set, named by its folder, in sorted order. These images are used as they are (no box downscale). All of
 * them are held in memory, 3 bytes a pixel: DIV2K's 800 training images take about 5 GB.
 */
public final class SrData {

    /** The id of the collection made from Debian packages. */
    public static final String PACKAGED_ID = "sr-debian-photos-v1";
    /** The id of a collection read from the user's folder. */
    public static final String USER_ID = "sr-user";
    /** The five-image lossless test set. */
    public static final String SET5 = "set5-like";
    /** The larger test set. */
    public static final String SET14 = "set14-like";
    /** Long side of the prepared training images at most, as DIV2K's. */
    static final int MAX_LONG_SIDE = 2040;
    /** Smallest side accepted for any image: enough for a x4 LR image of 16 pixels. */
    static final int MIN_SIDE = 64;

    private static final String MANIFEST_HEADER = "# qbench sr-data manifest v1";
    private static final String MANIFEST_COLUMNS = "file\tsource\tsource_sha256\tbox_factor\tprepared_sha256";
    private static final String LAYOUT = "expected DIR/sr/train/*.png (HR training images) and "
            + "DIR/sr/test/<SetName>/*.png or *.bmp (HR test images, one folder per set)";
    /** Decoding a large JPEG holds a few hundred MB: a few threads are enough and keep the heap small. */
    private static final int THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    /** A packaged file: its image name, its package and where the package installs it. */
    record Source(String name, String pkg, String path) {
        boolean jpeg() {
            String p = path.toLowerCase(Locale.ROOT);
            return p.endsWith(".jpg") || p.endsWith(".jpeg");
        }
    }

    /** One image to prepare: the cache-relative file, its source, and whether it is a training image. */
    private record Entry(String file, Source source, boolean train) {}

    /** One manifest row. */
    private record Row(String file, String source, String sourceSha256, int factor, String preparedSha256) {
        String line() {
            return String.join("\t", file, source, sourceSha256, Integer.toString(factor), preparedSha256);
        }
    }

    private static final String LOMIRI16 = "lomiri-wallpapers-16.04";
    private static final String LOMIRI20 = "lomiri-wallpapers-20.04";
    private static final String MATE = "mate-backgrounds";
    private static final String PLASMA = "plasma-workspace-wallpapers";
    private static final String FORENSICS = "forensics-samples-files";
    private static final String JXL = "libjxl-testdata";
    private static final String OPENCV = "opencv-doc";
    private static final String SKIMAGE = "python3-skimage";
    private static final String CIMG = "cimg-examples";
    private static final String SKLEARN = "python3-sklearn";

    /** The training pool, in order. */
    static final List<Source> POOL = pool();
    /** The test sets, in report order. */
    static final Map<String, List<Source>> TEST_SETS = testSets();

    private SrData() {}

    private static List<Source> pool() {
        List<Source> p = new ArrayList<>();
        for (String f : List.of("Bridge_by_Sander_Klootwijk", "Dragonfly_by_Bolly", "Picture_0B_by_freespace",
                "Picture_1A_by_freespace", "Wine_by_Jakkub_Mede", "aitzgorri_by_Aitzol_Berasategi",
                "analogpattern_by_Peter_Nerlich", "free_by_Peter_Nerlich", "friends_by_Aitzol_Berasategi",
                "greentock_by_Peter_Nerlich", "life_by_Aitzol_Berasategi", "picosdeeuropa_by_Aitzol_Berasategi",
                "seeding_by_Clements_Engelhardt", "sunset_by_Aitzol_Berasategi")) {
            p.add(new Source(f, LOMIRI16, "/usr/share/backgrounds/" + f + ".jpg"));
        }
        p.add(new Source("Kleiber_by_Lukas_Baubkus", LOMIRI20, "/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg"));
        for (String f : List.of("Aqua", "Blinds", "Dune", "FreshFlower", "Garden", "GreenMeadow", "LadyBird",
                "RainDrops", "Storm", "TwoWings", "Wood", "YellowFlower")) {
            p.add(new Source("mate_" + f, MATE, "/usr/share/backgrounds/mate/nature/" + f + ".jpg"));
        }
        for (String theme : List.of("BytheWater", "ColdRipple", "ColorfulCups", "DarkestHour", "EveningGlow",
                "FallenLeaf", "Grey", "OneStandsOut", "Path", "Volna", "summer_1am", "Kite")) {
            String size = theme.equals("Volna") ? "5120x2880" : "2560x1600";
            p.add(new Source("plasma_" + theme, PLASMA,
                    "/usr/share/wallpapers/" + theme + "/contents/images/" + size + ".jpg"));
        }
        String phones = "/usr/share/forensics-samples/original-files/";
        for (String f : List.of("pic1/IMG_1054.JPG", "pic1/IMG_20200827_231612.jpg", "pic2/IMG_20191224_234846.jpg",
                "pic2/IMG_20200124_231153.jpg", "pic2/IMG_20200608_111614.jpg")) {
            p.add(new Source(f.substring(5, f.lastIndexOf('.')), FORENSICS, phones + f));
        }
        p.add(new Source("flower", JXL, "/usr/share/libjxl-testdata/jxl/flower/flower.png"));
        return List.copyOf(p);
    }

    private static Map<String, List<Source>> testSets() {
        String skimage = "/usr/lib/python3/dist-packages/skimage/data/";
        String opencv = "/usr/share/doc/opencv-doc/examples/";
        String wesaturate = "/usr/share/libjxl-testdata/external/wesaturate/500px/";
        List<Source> set5 = List.of(
                new Source("butterfly", OPENCV, opencv + "dnn_superres/butterfly.png"),
                new Source("astronaut", SKIMAGE, skimage + "astronaut.png"),
                new Source("coffee", SKIMAGE, skimage + "coffee.png"),
                new Source("chelsea", SKIMAGE, skimage + "chelsea.png"),
                new Source("motorcycle_left", SKIMAGE, skimage + "motorcycle_left.png"));
        List<Source> set14 = new ArrayList<>(set5);
        for (String f : List.of("cvo9xd_keong_macan", "tmshre_riaphotographs", "u76c0g_bliznaca")) {
            set14.add(new Source(f, JXL, wesaturate + f + "_srgb8.png"));
        }
        set14.add(new Source("parrot", CIMG, "/usr/share/doc/cimg-dev/examples/img/parrot.ppm"));
        set14.add(new Source("home", OPENCV, opencv + "reg/home.png"));
        set14.add(new Source("baboon", OPENCV, opencv + "data/baboon.jpg"));
        set14.add(new Source("fruits", OPENCV, opencv + "data/fruits.jpg"));
        set14.add(new Source("rocket", SKIMAGE, skimage + "rocket.jpg"));
        set14.add(new Source("china", SKLEARN, "/usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg"));
        LinkedHashMap<String, List<Source>> sets = new LinkedHashMap<>();
        sets.put(SET5, set5);
        sets.put(SET14, List.copyOf(set14));
        return java.util.Collections.unmodifiableMap(sets);
    }

    /**
     * The SR images, from the user's folder when one is given, else from the packaged collection.
     *
     * @param userDir the user's data folder ({@code --data-dir}), holding {@code sr/train} and {@code sr/test}
     * @param cacheDir qbench's cache folder, where packages are fetched and the prepared images kept
     * @param log told what is fetched and prepared
     * @throws DataException naming the file or folder when something is missing, unreadable or cannot be fetched
     */
    public static SrDataSets prepare(Optional<Path> userDir, Path cacheDir, Consumer<String> log) {
        return userDir.isPresent() ? readUserDir(userDir.get()) : preparePackaged(cacheDir, log);
    }

    // ---- the user's folder ----

    private static SrDataSets readUserDir(Path root) {
        Path trainDir = root.resolve("sr").resolve("train");
        Path testDir = root.resolve("sr").resolve("test");
        if (!Files.isDirectory(trainDir)) {
            throw new DataException(trainDir, "no such folder; " + LAYOUT);
        }
        if (!Files.isDirectory(testDir)) {
            throw new DataException(testDir, "no such folder; " + LAYOUT);
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        List<Path> trainFiles = imageFiles(trainDir, Set.of(".png"));
        if (trainFiles.isEmpty()) {
            throw new DataException(trainDir, "holds no .png files; " + LAYOUT);
        }
        List<RgbImage> train = readAll(root, trainFiles, checksums);
        List<Path> setDirs;
        try (Stream<Path> s = Files.list(testDir)) {
            setDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException(testDir, "cannot list (" + e.getMessage() + ")", e);
        }
        if (setDirs.isEmpty()) {
            throw new DataException(testDir, "holds no test-set folders; " + LAYOUT);
        }
        Map<String, List<RgbImage>> tests = new LinkedHashMap<>();
        for (Path set : setDirs) {
            List<Path> files = imageFiles(set, Set.of(".png", ".bmp"));
            if (files.isEmpty()) {
                throw new DataException(set, "holds no .png or .bmp files; " + LAYOUT);
            }
            tests.put(set.getFileName().toString(), readAll(root, files, checksums));
        }
        return new SrDataSets(USER_ID, train, tests, checksums, root);
    }

    private static List<Path> imageFiles(Path dir, Set<String> extensions) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return extensions.stream().anyMatch(n::endsWith);
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir, "cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<RgbImage> readAll(Path root, List<Path> files, Map<String, String> checksums) {
        List<RgbImage> images = inParallel(files, f -> ImageFiles.read(f, MIN_SIDE));
        for (Path f : files) {
            checksums.put(root.relativize(f).toString().replace('\\', '/'), Checksums.sha256(f));
        }
        return images;
    }

    // ---- the packaged collection ----

    private static SrDataSets preparePackaged(Path cacheDir, Consumer<String> log) {
        Path sr = cacheDir.resolve("sr");
        Path manifestFile = sr.resolve("manifest.tsv");
        Map<String, Row> manifest = readManifest(manifestFile);
        List<Entry> entries = new ArrayList<>();
        for (Source s : POOL) {
            entries.add(new Entry("hr/" + s.name() + ".png", s, true));
        }
        TEST_SETS.forEach((set, sources) -> {
            for (Source s : sources) {
                entries.add(new Entry("test/" + set + "/" + s.name() + ".png", s, false));
            }
        });
        // Which prepared files are still good: present, listed, from the same source, unchanged.
        List<Entry> stale = new ArrayList<>();
        for (Entry e : entries) {
            Row row = manifest.get(e.file());
            Path png = sr.resolve(e.file());
            if (row == null || !row.source().equals(e.source().path()) || !Files.isRegularFile(png)) {
                stale.add(e);
            } else if (!Checksums.sha256(png).equals(row.preparedSha256())) {
                log.accept("SR data: " + png + " differs from its manifest checksum; preparing it again");
                stale.add(e);
            }
        }
        if (!stale.isEmpty()) {
            fetchMissingPackages(stale, cacheDir, log);
            long photos = stale.stream().filter(Entry::train).count();
            log.accept("SR data: preparing " + photos + " training photos and " + (stale.size() - photos)
                    + " test images into " + sr);
            List<Row> rows = inParallel(stale, e -> prepareOne(e, cacheDir, sr));
            for (Row r : rows) {
                manifest.put(r.file(), r);
            }
            writeManifest(manifestFile, entries, manifest);
        }
        List<RgbImage> images = inParallel(entries, e -> ImageFiles.read(sr.resolve(e.file()), MIN_SIDE)
                .withName(e.source().name()));
        Map<String, String> checksums = new LinkedHashMap<>();
        List<RgbImage> train = new ArrayList<>();
        Map<String, List<RgbImage>> tests = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            checksums.put(e.source().path(), manifest.get(e.file()).sourceSha256());
            if (e.train()) {
                train.add(images.get(i));
            } else {
                String set = e.file().substring("test/".length(), e.file().lastIndexOf('/'));
                tests.computeIfAbsent(set, k -> new ArrayList<>()).add(images.get(i));
            }
        }
        return new SrDataSets(PACKAGED_ID, train, tests, checksums, sr);
    }

    /** The installed file when the package is installed, else its copy unpacked in the cache. */
    private static Path sourceFile(Source s, Path cacheDir) {
        Path installed = Path.of(s.path());
        return Files.isRegularFile(installed) ? installed : DebianPackages.unpacked(cacheDir, s.path());
    }

    private static void fetchMissingPackages(List<Entry> entries, Path cacheDir, Consumer<String> log) {
        Set<String> packages = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (!Files.isRegularFile(sourceFile(e.source(), cacheDir))) {
                packages.add(e.source().pkg());
            }
        }
        for (String pkg : packages) {
            try {
                DebianPackages.fetch(pkg, cacheDir, log);
            } catch (IOException ex) {
                throw new DataException(DebianPackages.unpacked(cacheDir), "cannot fetch Debian package " + pkg
                        + " (" + ex.getMessage() + "); install it, or pass --data-dir DIR with " + LAYOUT, ex);
            }
        }
        for (Entry e : entries) {
            Path f = sourceFile(e.source(), cacheDir);
            if (!Files.isRegularFile(f)) {
                throw new DataException(f, "Debian package " + e.source().pkg() + " does not hold this file");
            }
        }
    }

    private static Row prepareOne(Entry e, Path cacheDir, Path sr) {
        Path src = sourceFile(e.source(), cacheDir);
        RgbImage img = ImageFiles.read(src, MIN_SIDE);
        int factor;
        if (e.train()) {
            int fit = BoxDownscale.factorFor(img.height(), img.width(), MAX_LONG_SIDE);
            factor = e.source().jpeg() ? Math.max(2, fit) : fit;
        } else {
            factor = e.source().jpeg() ? 2 : 1;
        }
        Path out = sr.resolve(e.file());
        ImageFiles.writePng(BoxDownscale.apply(img, factor).withName(e.source().name()), out);
        return new Row(e.file(), e.source().path(), Checksums.sha256(src), factor, Checksums.sha256(out));
    }

    private static Map<String, Row> readManifest(Path file) {
        Map<String, Row> rows = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(MANIFEST_HEADER)) {
            // An older or foreign manifest: prepare everything again rather than trust it.
            return rows;
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.equals(MANIFEST_COLUMNS)) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5 || !f[3].matches("[0-9]+")) {
                return new LinkedHashMap<>();
            }
            rows.put(f[0], new Row(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4]));
        }
        return rows;
    }

    private static void writeManifest(Path file, List<Entry> entries, Map<String, Row> rows) {
        StringBuilder sb = new StringBuilder(MANIFEST_HEADER).append('\n').append(MANIFEST_COLUMNS).append('\n');
        for (Entry e : entries) {
            sb.append(rows.get(e.file()).line()).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Maps in a small pool, keeping order; a DataException from any item is rethrown as it is. */
    private static <T, R> List<R> inParallel(List<T> items, java.util.function.Function<T, R> f) {
        ForkJoinPool pool = new ForkJoinPool(THREADS);
        try {
            return pool.submit(() -> items.parallelStream().map(f).toList()).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading images", e);
        } finally {
            pool.shutdown();
        }
    }
}
