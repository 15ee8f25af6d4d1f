package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.images.RgbImage;

class LowlightDataTest {

    private static final List<RgbImage> PHOTOS = LowlightFixtures.photos(16, 120, 150);
    private static Path video;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeVideo() throws IOException {
        video = LowlightFixtures.video(shared.resolve("clip.mp4"), 6, 64, 96);
    }

    private static LowlightData.Config small(long seed) {
        return new LowlightData.Config(seed, 3, 3, 16, 2, 4, 16, List.of(100, 320), 1, 16, NoiseModel.standard());
    }

    private static LowlightData data(Path cache, LowlightData.Config config, List<String> log) {
        Map<String, Path> videos = new LinkedHashMap<>();
        videos.put("/fixture/clip.mp4", video);
        return new LowlightData(cache, log::add, config,
                () -> new LowlightData.Inputs(PHOTOS, Map.of("/fixture/photos", "abc"), videos));
    }

    @Test
    void generatesOnceThenReadsTheSameClips() {
        List<String> log = new ArrayList<>();
        LowlightSets a = data(dir, small(7), log).load(Optional.empty());
        assertTrue(log.stream().anyMatch(l -> l.contains("generating 6 clips")), log.toString());
        assertEquals(3, a.train().size());
        assertEquals(List.of(LowlightData.TEST_PHOTOS, LowlightData.TEST_H264), List.copyOf(a.tests().keySet()));
        assertEquals(2, a.tests().get(LowlightData.TEST_PHOTOS).size());
        assertEquals(1, a.tests().get(LowlightData.TEST_H264).size());
        assertTrue(a.dataset().startsWith("SYNTHETIC"));
        assertEquals(small(7).hash(), a.configHash());
        assertTrue(a.checksums().containsKey("/fixture/clip.mp4") && a.checksums().containsKey("/fixture/photos"));
        RawClip c = a.train().get(0);
        assertEquals(3, c.frames());
        assertEquals(16, c.height());
        assertEquals(4 * 3 * 16 * 16, c.noisy().length);
        for (RawClip r : all(a)) {
            for (int i = 0; i < r.noisy().length; i++) {
                assertTrue(r.noisy()[i] >= 0 && r.noisy()[i] <= 1 && r.clean()[i] >= 0 && r.clean()[i] <= 1);
            }
        }
        RawClip p0 = a.tests().get(LowlightData.TEST_PHOTOS).get(0);
        RawClip p1 = a.tests().get(LowlightData.TEST_PHOTOS).get(1);
        assertEquals(List.of(100, 320), List.of(p0.ratio(), p1.ratio()));
        // On average the amplified input follows the target (the noise is zero-mean but for the colour bias).
        double dn = 0;
        double dc = 0;
        for (int i = 0; i < p0.noisy().length; i++) {
            dn += p0.noisy()[i];
            dc += p0.clean()[i];
        }
        assertEquals(dc / p0.noisy().length, dn / p0.noisy().length, 0.05);

        log.clear();
        LowlightSets b = data(dir, small(7), log).load(Optional.empty());
        assertTrue(log.isEmpty(), log.toString());
        List<RawClip> ca = all(a);
        List<RawClip> cb = all(b);
        for (int i = 0; i < ca.size(); i++) {
            assertEquals(ca.get(i).name(), cb.get(i).name());
            assertArrayEquals(ca.get(i).noisy(), cb.get(i).noisy());
            assertArrayEquals(ca.get(i).clean(), cb.get(i).clean());
            assertEquals(ca.get(i).isp(), cb.get(i).isp());
            assertEquals(ca.get(i).camera(), cb.get(i).camera());
        }
        assertEquals(a.checksums(), b.checksums());
    }

    @Test
    void theSameSeedGivesTheSameFilesAndAnotherSeedOthers(@TempDir Path other, @TempDir Path third)
            throws IOException {
        data(dir, small(7), new ArrayList<>()).load(Optional.empty());
        data(other, small(7), new ArrayList<>()).load(Optional.empty());
        data(third, small(8), new ArrayList<>()).load(Optional.empty());
        String m1 = Files.readString(dir.resolve("lowlight/manifest.tsv"));
        assertEquals(m1, Files.readString(other.resolve("lowlight/manifest.tsv")));
        assertNotEquals(m1, Files.readString(third.resolve("lowlight/manifest.tsv")));
        assertNotEquals(small(7).hash(), small(8).hash());
    }

    @Test
    void aChangedFileIsAnErrorNamingItAndANewConfigurationRegenerates() throws IOException {
        data(dir, small(7), new ArrayList<>()).load(Optional.empty());
        Path f = dir.resolve("lowlight/train/train_001.noisy.u16");
        byte[] bytes = Files.readAllBytes(f);
        bytes[10] ^= 1;
        Files.write(f, bytes);
        DataException e = assertThrows(DataException.class,
                () -> data(dir, small(7), new ArrayList<>()).load(Optional.empty()));
        assertTrue(e.getMessage().startsWith(f + ": differs from its SHA-256"), e.getMessage());
        List<String> log = new ArrayList<>();
        LowlightSets s = data(dir, small(9), log).load(Optional.empty());
        assertTrue(log.stream().anyMatch(l -> l.contains("configuration changed")), log.toString());
        assertEquals(small(9).hash(), s.configHash());
    }

    @Test
    void readsAUsersPgmClipsWithTheirPhaseAndLevels() throws IOException {
        Path clip = dir.resolve("lowlight/train/scene1");
        Path test = dir.resolve("lowlight/test/Mine/sceneA");
        int h = 4;
        int w = 6;
        for (Path c : List.of(clip, test)) {
            for (int t = 0; t < 2; t++) {
                int[] noisy = new int[h * w];
                int[] clean = new int[h * w];
                for (int i = 0; i < h * w; i++) {
                    noisy[i] = 240 + i + t;
                    clean[i] = 240 + 100 * i;
                }
                Pgm16.write(c.resolve(String.format("noisy_%03d.pgm", t)), h, w, noisy);
                Pgm16.write(c.resolve(String.format("clean_%03d.pgm", t)), h, w, clean);
            }
            Files.writeString(c.resolve("meta.json"),
                    "{\"black\": 240, \"white\": 4095, \"ratio\": 10, \"cfa\": \"GRBG\", \"camera\": \"IMX385\"}");
        }
        LowlightSets s = new LowlightData(dir.resolve("cache"), x -> { }, small(1)).load(Optional.of(dir));
        assertEquals(LowlightData.USER_ID, s.id());
        assertEquals(List.of("Mine"), List.copyOf(s.tests().keySet()));
        RawClip c = s.train().get(0);
        assertEquals("scene1", c.name());
        assertEquals(2, c.frames());
        assertEquals(2, c.height());
        assertEquals(3, c.width());
        assertEquals("IMX385", c.camera());
        // GRBG: R sits at (0, 1) of each tile, so packed R(0, 0) is site 1.
        float range = 4095 - 240;
        assertEquals(100 * 1 / range, c.clean()[0], 1e-6f);
        assertEquals(Math.min(1f, 1 * 10 / range), c.noisy()[0], 1e-6f);
        // B at (1, 0): site w = 6 of frame 1; noisy 240 + 6 + 1.
        int b = c.frameOffset(1) + 3 * 2 * 3;
        assertEquals(7 * 10 / range, c.noisy()[b], 1e-6f);
        assertTrue(s.checksums().containsKey("lowlight/train/scene1/noisy_001.pgm"), s.checksums().toString());

        Files.delete(test.resolve("meta.json"));
        DataException e = assertThrows(DataException.class,
                () -> new LowlightData(dir.resolve("cache"), x -> { }, small(1)).load(Optional.of(dir)));
        assertTrue(e.getMessage().startsWith(test.resolve("meta.json") + ": missing"), e.getMessage());
        Files.writeString(test.resolve("meta.json"), "{\"black\": 240, \"white\": 4095, \"ratio\": 10}");
        e = assertThrows(DataException.class,
                () -> new LowlightData(dir.resolve("cache"), x -> { }, small(1)).load(Optional.of(dir)));
        assertTrue(e.getMessage().contains("no \"cfa\" field"), e.getMessage());
        DataException missing = assertThrows(DataException.class,
                () -> new LowlightData(dir.resolve("cache"), x -> { }, small(1)).load(Optional.of(dir.resolve("x"))));
        assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
    }

    @Test
    void pgmRoundTripsSixteenBitsBigEndian() throws IOException {
        Path f = dir.resolve("a.pgm");
        Pgm16.write(f, 2, 3, new int[] {0, 1, 255, 256, 4095, 65535});
        byte[] b = Files.readAllBytes(f);
        assertEquals(0x01, b[b.length - 6] & 0xFF); // 256 big-endian: 0x01 0x00
        Pgm16.Mosaic m = Pgm16.read(f);
        assertArrayEquals(new int[] {0, 1, 255, 256, 4095, 65535}, m.values());
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 1));
        assertThrows(DataException.class, () -> Pgm16.read(f));
    }

    private static List<RawClip> all(LowlightSets s) {
        List<RawClip> out = new ArrayList<>(s.train());
        s.tests().values().forEach(out::addAll);
        return out;
    }
}
