package org.qbench.tasks.lowlight;

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
