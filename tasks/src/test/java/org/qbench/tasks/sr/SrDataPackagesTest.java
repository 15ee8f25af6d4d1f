package org.qbench.tasks.sr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.qbench.tasks.cls.ClassificationTask;
import org.qbench.tasks.data.DebianPackages;
import org.qbench.tasks.images.RgbImage;

/**
 * The packaged collection from the real Debian packages, in qbench's default cache: downloads about 370 MB the
 * first time. Runs only with {@code QBENCH_SR_DATA_TEST} set and {@code apt-get} available.
 */
@Tag("slow")
@EnabledIfEnvironmentVariable(named = "QBENCH_SR_DATA_TEST", matches = ".+")
class SrDataPackagesTest {

    @Test
    void preparesAndThenReadsThePackagedCollection() {
        Assumptions.assumeTrue(DebianPackages.available(), "apt-get and dpkg-deb are needed");
        for (int call = 1; call <= 2; call++) {
            long t0 = System.nanoTime();
            SrDataSets d = SrData.prepare(Optional.empty(), ClassificationTask.defaultCacheDir(), System.out::println);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("call %d: %.1f s, pool %d images, %.1f MP%n", call, seconds, d.train().size(),
                    d.trainPixels() / 1e6);
            if (call == 1) {
                for (RgbImage i : d.train()) {
                    System.out.println("  train " + i.name() + " " + i.width() + "x" + i.height());
                }
                d.tests().forEach((set, images) -> images.forEach(
                        i -> System.out.println("  " + set + " " + i.name() + " " + i.width() + "x" + i.height())));
            }
            assertEquals(45, d.train().size());
            assertEquals(5, d.tests().get(SrData.SET5).size());
            assertEquals(14, d.tests().get(SrData.SET14).size());
        }
    }
}
