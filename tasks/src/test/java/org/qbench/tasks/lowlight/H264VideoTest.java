package org.qbench.tasks.lowlight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.images.RgbImage;

class H264VideoTest {

    @TempDir
    Path dir;

    @Test
    void decodesFramesAfterSkipping() throws Exception {
        Path mp4 = LowlightFixtures.video(dir.resolve("moving.mp4"), 8, 48, 64);
        List<RgbImage> frames = H264Video.read(mp4, 2, 5);
        assertEquals(5, frames.size());
        assertEquals(64, frames.get(0).width());
        assertEquals(48, frames.get(0).height());
        // The square (red 230) sits at x = 4t .. 4t + 11: at frame 2 its centre column is 13.
        assertTrue(frames.get(0).value(0, 18, 13) > 200, "red at the square: " + frames.get(0).value(0, 18, 13));
        DataException e = assertThrows(DataException.class, () -> H264Video.read(mp4, 0, 9));
        assertTrue(e.getMessage().contains(mp4.toString()) && e.getMessage().contains("holds 8 frames"),
                e.getMessage());
    }

    @Test
    void truncatedAndForeignFilesAreOneLineErrorsNamingTheFile() throws Exception {
        Path mp4 = LowlightFixtures.video(dir.resolve("moving.mp4"), 8, 48, 64);
        byte[] bytes = Files.readAllBytes(mp4);
        Path truncated = Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 3));
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n");
        for (Path bad : List.of(truncated, text, dir.resolve("missing.mp4"))) {
            DataException e = assertThrows(DataException.class, () -> H264Video.read(bad, 0, 5));
            assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
