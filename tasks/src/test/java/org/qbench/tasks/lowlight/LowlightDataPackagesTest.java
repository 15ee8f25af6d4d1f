package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.data.DebianPackages;
import org.qbench.tasks.images.ImageFiles;

/**
 * The generated low-light data from the real Debian packages, in qbench's default cache (the SR photo pool, about
 * 370 MB the first time, plus three small video packages). Runs only with {@code QBENCH_LOWLIGHT_DATA_TEST} set and
 * {@code apt-get} available; prints timings and writes previews to {@code target/lowlight-previews}.
 */
@Tag("slow")
@EnabledIfEnvironmentVariable(named = "QBENCH_LOWLIGHT_DATA_TEST", matches = ".+")
class LowlightDataPackagesTest {

    private static final String KLIMT = "/usr/share/visp-images-data/ViSP-images/Bayer/Klimt_Bayer_560x558_";

    /**
     * ViSP's four mosaics of one Klimt painting (560x558, headerless): 8-bit files one byte a site, 12-bit files two
     * bytes a site, little-endian (big-endian would give values up to 65295, above 12 bits). The 8-bit files are the
     * 12-bit values shifted right by 4, sites of the same colour hold the same value in every phase, and the four
     * phases packed to the canonical R, G1, G2, B order agree (same channel means; red above blue in this golden
     * painting, so a swapped order would show).
     *
     * <p>ViSP names the two green-first phases the other way round: its {@code GBRG} file has red at (0, 1) and
     * blue at (1, 0), which is GRBG read row by row (the sub-position means are R 0.64, G 0.43, B 0.15 in every
     * file), and its {@code GRBG} file is GBRG. Taken literally, the red channels would differ by 0.49 in mean.
     */
    @Test
    void klimtMosaicsOfAllFourPhasesPackToTheSameImage() throws java.io.IOException {
        Assumptions.assumeTrue(DebianPackages.available(), "apt-get and dpkg-deb are needed");
        Path cache = ClassificationTask.defaultCacheDir();
        if (!java.nio.file.Files.isRegularFile(DebianPackages.unpacked(cache, KLIMT + "RGGB_12bits.raw"))) {
            DebianPackages.fetch("visp-images-data", cache, System.out::println);
        }
        int h = 558;
        int w = 560;
        java.util.Map<Cfa, float[]> mosaics = new java.util.EnumMap<>(Cfa.class);
        for (Cfa cfa : Cfa.values()) {
            String file = visPName(cfa);
            byte[] b8 = java.nio.file.Files.readAllBytes(DebianPackages.unpacked(cache, KLIMT + file + "_08bits.raw"));
            byte[] b12 = java.nio.file.Files.readAllBytes(DebianPackages.unpacked(cache, KLIMT + file + "_12bits.raw"));
            assertEquals(h * w, b8.length);
            assertEquals(2 * h * w, b12.length);
            float[] m = new float[h * w];
            int maxBigEndian = 0;
            for (int i = 0; i < m.length; i++) {
                int le = (b12[2 * i] & 0xFF) | (b12[2 * i + 1] & 0xFF) << 8;
                maxBigEndian = Math.max(maxBigEndian, (b12[2 * i] & 0xFF) << 8 | (b12[2 * i + 1] & 0xFF));
                assertTrue(le <= 4095, cfa + ": site " + i + " holds " + le);
                assertEquals(le >> 4, b8[i] & 0xFF, cfa + ": 8-bit site " + i);
                m[i] = le / 4095f;
            }
            assertTrue(maxBigEndian > 4095, "big-endian reading would fit 12 bits too");
            mosaics.put(cfa, m);
        }
        for (Cfa a : Cfa.values()) {
            for (Cfa b : Cfa.values()) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (Bayer.colourAt(a, y, x) == Bayer.colourAt(b, y, x)) {
                            assertEquals(mosaics.get(a)[y * w + x], mosaics.get(b)[y * w + x], 0f);
                        }
                    }
                }
                float[] pa = Bayer.pack(mosaics.get(a), h, w, a);
                float[] pb = Bayer.pack(mosaics.get(b), h, w, b);
                int n = pa.length / 4;
                for (int c = 0; c < 4; c++) {
                    double ma = mean(pa, c * n, n);
                    double mb = mean(pb, c * n, n);
                    assertEquals(ma, mb, 0.01, a + " vs " + b + " channel " + c + " mean");
                }
                // The painting is golden: red well above blue, so a swapped R/B would show.
                assertTrue(mean(pa, 0, n) > mean(pa, 3 * n, n) + 0.05, a + ": R mean " + mean(pa, 0, n) + ", B mean "
                        + mean(pa, 3 * n, n));
            }
        }
    }

    /** ViSP's file name of a phase (see the test's comment: its two green-first names are swapped). */
    private static String visPName(Cfa cfa) {
        return switch (cfa) {
            case GBRG -> "GRBG";
            case GRBG -> "GBRG";
            default -> cfa.name();
        };
    }

    private static double mean(float[] a, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += a[i];
        }
        return s / n;
    }

    @Test
    void generatesAndThenLoadsTheDefaultClips() {
        Assumptions.assumeTrue(DebianPackages.available(), "apt-get and dpkg-deb are needed");
        LowlightSets sets = null;
        for (int call = 1; call <= 2; call++) {
            long t0 = System.nanoTime();
            LowlightData data = new LowlightData(ClassificationTask.defaultCacheDir(), System.out::println,
                    LowlightData.Config.defaults());
            sets = data.load(Optional.empty());
            System.out.printf("call %d: %.1f s, %d train clips, tests %s%n", call, (System.nanoTime() - t0) / 1e9,
                    sets.train().size(), sets.tests().keySet());
        }
        assertEquals(48, sets.train().size());
        assertEquals(List.of(LowlightData.TEST_PHOTOS, LowlightData.TEST_H264), List.copyOf(sets.tests().keySet()));
        assertEquals(6, sets.tests().get(LowlightData.TEST_H264).size());
        assertTrue(sets.dataset().contains("SYNTHETIC"));
        Path out = Path.of("target", "lowlight-previews");
        for (RawClip c : List.of(sets.train().get(0), sets.tests().get(LowlightData.TEST_PHOTOS).get(0),
                sets.tests().get(LowlightData.TEST_H264).get(0), sets.tests().get(LowlightData.TEST_H264).get(5))) {
            for (int t : new int[] {0, c.frames() - 1}) {
                ImageFiles.writePng(Isp.toSrgb(c.name(), c.clean(), c.frameOffset(t), c.height(), c.width(), c.isp()),
                        out.resolve(c.name() + "_clean_" + t + ".png"));
                ImageFiles.writePng(Isp.toSrgb(c.name(), c.noisy(), c.frameOffset(t), c.height(), c.width(), c.isp()),
                        out.resolve(c.name() + "_noisy_" + t + ".png"));
            }
            double mean = 0;
            for (float v : c.clean()) {
                mean += v;
            }
            System.out.printf("%s: clean mean %.4f%n", c, mean / c.clean().length);
        }
    }
}
