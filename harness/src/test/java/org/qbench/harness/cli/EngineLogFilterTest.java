package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's stderr filter ({@code harness/src/main/scripts/engine-log-filter.pl}): a libtorch warning
 * repeated once per convolution is shown once, with one summary line at the end; everything else, progress
 * bars redrawn with carriage returns included, passes through unchanged.
 */
class EngineLogFilterTest {

    private static final Path FILTER = Path.of("src/main/scripts/engine-log-filter.pl");

    private static String filter(String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("perl", FILTER.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static boolean perl() {
        try {
            return new ProcessBuilder("perl", "-e", "1").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aRepeatedEngineWarningIsShownOnceAndEverythingElsePassesThrough() throws Exception {
        assumeTrue(perl(), "perl is not installed here; the launcher then runs without the filter");
        assumeTrue(Files.isRegularFile(FILTER), "run from the harness module");
        String nnpack = "Could not initialize NNPACK! Reason: Unsupported hardware.";
        StringBuilder in = new StringBuilder("epoch 1/2   0%\repoch 1/2  50%\repoch 1/2 100%\n");
        for (int i = 0; i < 150; i++) {
            in.append("[W1201 14:50:00.").append(100000 + i).append(" NNPACK.cpp:62] ").append(nnpack).append('\n');
            if (i == 70) {
                in.append("[W1201 14:50:01.000000 Other.cpp:1] another warning\n").append("cls-fmnist fp32: top1 33.98 %\n");
            }
        }
        in.append("done, no newline");
        assertEquals("epoch 1/2   0%\repoch 1/2  50%\repoch 1/2 100%\n"
                + "[W] " + nnpack + " (libtorch; repeats hidden)\n"
                + "[W] another warning (libtorch; repeats hidden)\n"
                + "cls-fmnist fp32: top1 33.98 %\n"
                + "done, no newline"
                + "qbench: 149 repeated libtorch warning line(s) hidden (QBENCH_RAW_LOG=1 shows them)\n", filter(in.toString()));
    }

    @Test
    void outputWithoutEngineWarningsIsUnchanged() throws Exception {
        assumeTrue(perl(), "perl is not installed here; the launcher then runs without the filter");
        assumeTrue(Files.isRegularFile(FILTER), "run from the harness module");
        String in = "qbench: building the harness...\n[1/1] run 10% [==   ]\r[1/1] run 20% [===  ]\rW not a warning [x]\n";
        assertEquals(in, filter(in));
    }
}
