package org.qbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 binary reader on generated fixtures, good and corrupt. */
class Cifar10Test {

    @TempDir
    Path dir;

    /** Writes the six files with {@code perFile} records each into {@code folder}; class k is a bright row band. */
    static Path fixture(Path folder, int perFile) throws IOException {
        Files.createDirectories(folder);
        Random rnd = new Random(3);
        for (String f : Cifar10.TRAIN_FILES) {
            Files.write(folder.resolve(f), records(perFile, rnd));
        }
        Files.write(folder.resolve(Cifar10.TEST_FILE), records(perFile, rnd));
        return folder;
    }

    private static byte[] records(int n, Random rnd) {
        byte[] b = new byte[n * 3073];
        for (int r = 0; r < n; r++) {
            int label = rnd.nextInt(10);
            b[r * 3073] = (byte) label;
            for (int p = 0; p < 3072; p++) {
                int row = (p % 1024) / 32;
                b[r * 3073 + 1 + p] = (byte) (rnd.nextInt(50) + (row / 3 == label ? 200 : 0));
            }
        }
        return b;
    }

    @Test
    void readsAGoodFixtureFromTheOfficialSubfolder() throws IOException {
        fixture(dir.resolve("cifar-10-batches-bin"), 20);
        ImageSplits s = Cifar10.read(Cifar10.locate(Optional.of(dir)));
        assertEquals("cifar-10", s.dataset());
        assertEquals(100, s.train().count());
        assertEquals(20, s.test().count());
        assertEquals(3, s.train().channels());
        assertEquals(32, s.train().width());
        assertEquals(6, s.checksums().size());
    }

    @Test
    void aWrongRecordSizeOrTruncatedFileIsNamed() throws IOException {
        Path folder = fixture(dir, 4);
        Path first = folder.resolve("data_batch_1.bin");
        Files.write(first, Arrays.copyOf(Files.readAllBytes(first), 3 * 3073 + 100));
        DataException e = assertThrows(DataException.class, () -> Cifar10.read(folder));
        assertTrue(e.getMessage().startsWith(first + ": 9319 bytes is not a whole number of 3073-byte records"), e.getMessage());
        Files.write(first, new byte[0]);
        assertThrows(DataException.class, () -> Cifar10.read(folder));
    }

    @Test
    void aLabelOutOfRangeIsNamed() throws IOException {
        Path folder = fixture(dir, 4);
        byte[] test = Files.readAllBytes(folder.resolve("test_batch.bin"));
        test[3073] = 12;
        Files.write(folder.resolve("test_batch.bin"), test);
        assertTrue(assertThrows(DataException.class, () -> Cifar10.read(folder)).getMessage().contains("record 1 has label 12"));
    }

    @Test
    void withoutADataFolderTheMessageSaysWhereToPutTheFiles() {
        DataException e = assertThrows(DataException.class, () -> Cifar10.locate(Optional.empty()));
        assertTrue(e.getMessage().contains("never downloaded") && e.getMessage().contains("--data-dir"), e.getMessage());
        assertTrue(assertThrows(DataException.class, () -> Cifar10.locate(Optional.of(dir))).getMessage().contains("no CIFAR-10 here"));
    }
}
