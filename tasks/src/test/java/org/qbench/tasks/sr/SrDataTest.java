package org.qbench.tasks.sr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.data.DebianPackages;
import org.qbench.tasks.images.ImageFiles;
import org.qbench.tasks.images.RgbImage;

/** SR data from a user's folder and from a cache laid out as unpacked packages, on generated images. */
class SrDataTest {

    @TempDir
    Path dir;

    @Test
    void readsTheUserLayout() {
        Path user = dir.resolve("data");
        ImageFiles.writePng(noise("0002", 70, 80, 1), user.resolve("sr/train/0002.png"));
        ImageFiles.writePng(noise("0001", 90, 64, 2), user.resolve("sr/train/0001.png"));
        ImageFiles.writePng(noise("baby", 64, 64, 3), user.resolve("sr/test/Set5/baby.png"));
        ImageFiles.writePng(noise("bird", 72, 64, 4), user.resolve("sr/test/Set5/bird.png"));
        ImageFiles.writePng(noise("img_001", 64, 96, 5), user.resolve("sr/test/Urban100/img_001.png"));
        ImageFiles.writePng(noise("lenna", 66, 66, 6), user.resolve("sr/test/B100/lenna.png"));
        SrDataSets d = SrData.prepare(Optional.of(user), dir.resolve("cache"), s -> { });
        assertEquals(SrData.USER_ID, d.id());
        assertEquals(List.of("0001", "0002"), d.train().stream().map(RgbImage::name).toList());
        assertEquals(noise("0001", 90, 64, 2), d.train().get(0));
        assertEquals(List.of("B100", "Set5", "Urban100"), List.copyOf(d.tests().keySet()));
        assertEquals(List.of("baby", "bird"), d.tests().get("Set5").stream().map(RgbImage::name).toList());
        assertEquals(6, d.checksums().size());
        assertTrue(d.checksums().get("sr/test/Set5/baby.png").matches("[0-9a-f]{64}"));
        assertEquals(90 * 64 + 70 * 80, d.trainPixels());
        assertFalse(Files.exists(dir.resolve("cache")), "a user folder needs no cache");
    }

    @Test
    void aMissingTestFolderSaysTheLayout() {
        Path user = dir.resolve("data");
        ImageFiles.writePng(noise("0001", 64, 64, 1), user.resolve("sr/train/0001.png"));
        DataException e = assertThrows(DataException.class,
                () -> SrData.prepare(Optional.of(user), dir, s -> { }));
        assertTrue(e.getMessage().startsWith(user.resolve("sr/test") + ": no such folder; expected DIR/sr/train"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anEmptyTrainFolderOrTestSetIsRefused() throws IOException {
        Path user = dir.resolve("data");
        Files.createDirectories(user.resolve("sr/train"));
        Files.createDirectories(user.resolve("sr/test/Set5"));
        DataException e = assertThrows(DataException.class, () -> SrData.prepare(Optional.of(user), dir, s -> { }));
        assertTrue(e.getMessage().contains("sr/train: holds no .png files"), e.getMessage());
        ImageFiles.writePng(noise("0001", 64, 64, 1), user.resolve("sr/train/0001.png"));
        e = assertThrows(DataException.class, () -> SrData.prepare(Optional.of(user), dir, s -> { }));
        assertTrue(e.getMessage().contains("Set5: holds no .png or .bmp files"), e.getMessage());
    }

    @Test
    void packagedCollectionIsPreparedOnceAndCheckedAfterwards() throws IOException {
        Path cache = dir.resolve("cache");
        fakeUnpackedPackages(cache);
        List<String> log = new ArrayList<>();
        SrDataSets d = SrData.prepare(Optional.empty(), cache, log::add);
        assertEquals(SrData.PACKAGED_ID, d.id());
        assertEquals(45, d.train().size());
        assertEquals(List.of(SrData.SET5, SrData.SET14), List.copyOf(d.tests().keySet()));
        assertEquals(5, d.tests().get(SrData.SET5).size());
        assertEquals(14, d.tests().get(SrData.SET14).size());
        // JPEG sources 160x200 are boxed by at least 2, the PNG (flower) by 1; test JPEGs by 2, PNGs not at all.
        RgbImage first = d.train().get(0);
        assertEquals("Bridge_by_Sander_Klootwijk", first.name());
        assertEquals(80, first.height());
        assertEquals(160, d.train().get(44).height());
        assertEquals(100, byName(d.tests().get(SrData.SET14), "china").width());
        assertEquals(200, byName(d.tests().get(SrData.SET14), "home").width());
        assertEquals(45 + 14, d.checksums().size());
        assertTrue(d.checksums().containsKey("/usr/share/libjxl-testdata/jxl/flower/flower.png"));
        assertTrue(log.stream().anyMatch(s -> s.contains("preparing 45 training photos and 19 test images")),
                log.toString());
        assertTrue(Files.readString(cache.resolve("sr/manifest.tsv")).contains("hr/flower.png\t"));

        log.clear();
        SrDataSets again = SrData.prepare(Optional.empty(), cache, log::add);
        assertTrue(log.isEmpty(), log.toString());
        assertEquals(d.train(), again.train());
        assertEquals(d.checksums(), again.checksums());

        // A prepared file that no longer matches its checksum is prepared again from its source.
        Path flower = cache.resolve("sr/hr/flower.png");
        ImageFiles.writePng(noise("flower", 64, 64, 99), flower);
        SrDataSets repaired = SrData.prepare(Optional.empty(), cache, log::add);
        assertTrue(log.stream().anyMatch(s -> s.contains("flower.png differs from its manifest checksum")),
                log.toString());
        assertEquals(d.train().get(44), repaired.train().get(44));
    }

    private static RgbImage byName(List<RgbImage> images, String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    /** Writes a small generated image wherever each packaged source would be unpacked. */
    private static void fakeUnpackedPackages(Path cache) throws IOException {
        List<SrData.Source> all = new ArrayList<>(SrData.POOL);
        SrData.TEST_SETS.values().forEach(all::addAll);
        long seed = 0;
        for (SrData.Source s : all) {
            Path f = DebianPackages.unpacked(cache, s.path());
            if (Files.exists(f)) {
                continue;
            }
            RgbImage img = noise(s.name(), 160, 200, seed++);
            if (s.jpeg()) {
                Files.createDirectories(f.getParent());
                BufferedImage b = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 160; y++) {
                    for (int x = 0; x < 200; x++) {
                        b.setRGB(x, y, img.value(0, y, x) << 16 | img.value(1, y, x) << 8 | img.value(2, y, x));
                    }
                }
                ImageIO.write(b, "jpg", f.toFile());
            } else if (s.path().endsWith(".ppm")) {
                Files.createDirectories(f.getParent());
                byte[] header = "P6\n200 160\n255\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] body = new byte[3 * 160 * 200];
                for (int i = 0; i < 160 * 200; i++) {
                    for (int c = 0; c < 3; c++) {
                        body[3 * i + c] = img.rgb()[c * 160 * 200 + i];
                    }
                }
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                out.write(header);
                out.write(body);
                Files.write(f, out.toByteArray());
            } else {
                ImageFiles.writePng(img, f);
            }
        }
    }

    private static RgbImage noise(String name, int h, int w, long seed) {
        byte[] px = new byte[3 * h * w];
        new SplittableRandom(seed).nextBytes(px);
        return new RgbImage(name, h, w, px);
    }
}
