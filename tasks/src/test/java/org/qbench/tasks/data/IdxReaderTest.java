package org.qbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader and the Fashion-MNIST loader on generated fixtures, good and corrupt. */
class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsAGoodGzippedFile() throws IOException {
        byte[] payload = {0, 1, 2, (byte) 255, 4, 5};
        Path f = IdxFixtures.writeGz(dir.resolve("x.gz"), IdxFixtures.idx(3, new int[] {1, 2, 3}, payload));
        IdxFile idx = IdxReader.read(f, 3);
        assertArrayEquals(new int[] {1, 2, 3}, idx.dims());
        assertEquals(255, idx.unsigned(3));
    }

    @Test
    void readsAnUncompressedFile() throws IOException {
        Path f = Files.write(dir.resolve("labels-idx1-ubyte"), IdxFixtures.idx(1, new int[] {3}, new byte[] {7, 8, 9}));
        assertEquals(3, IdxReader.read(f, 1).count());
    }

    @Test
    void wrongMagicNamesTheFileAndBothMagics() throws IOException {
        Path f = IdxFixtures.writeGz(dir.resolve("images.gz"), IdxFixtures.idx(1, new int[] {2}, new byte[2]));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(f, 3));
        assertTrue(e.getMessage().startsWith(f.toString() + ": bad magic number 0x00000801"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 0x00000803"), e.getMessage());
    }

    @Test
    void truncatedPayloadSaysHowManyBytesWereMissing() throws IOException {
        Path f = IdxFixtures.writeGz(dir.resolve("t.gz"), IdxFixtures.idx(3, new int[] {2, 28, 28}, new byte[28 * 28 + 5]));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(f, 3));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("need 1568 bytes of data, found 789"),
                e.getMessage());
    }

    @Test
    void truncatedHeaderAndTrailingBytesAreFaults() throws IOException {
        Path header = IdxFixtures.writeGz(dir.resolve("h.gz"), Arrays.copyOf(IdxFixtures.idx(3, new int[] {1, 1, 1}, new byte[1]), 6));
        assertTrue(assertThrows(DataException.class, () -> IdxReader.read(header, 3)).getMessage().contains("truncated header"));
        Path trailing = IdxFixtures.writeGz(dir.resolve("tr.gz"), IdxFixtures.idx(1, new int[] {2}, new byte[3]));
        assertTrue(assertThrows(DataException.class, () -> IdxReader.read(trailing, 1)).getMessage().contains("trailing bytes"));
    }

    @Test
    void corruptGzipAndMissingFileAreNamed() throws IOException {
        Path notGzip = Files.write(dir.resolve("bad.gz"), new byte[] {1, 2, 3, 4, 5});
        assertTrue(assertThrows(DataException.class, () -> IdxReader.read(notGzip, 1)).getMessage().contains("not a valid gzip"));
        Path missing = dir.resolve("absent.gz");
        assertEquals(missing + ": file not found", assertThrows(DataException.class, () -> IdxReader.read(missing, 1)).getMessage());
    }

    @Test
    void countMismatchBetweenImagesAndLabelsIsAFault() throws IOException {
        IdxFixtures.fashionMnist(dir, 20, 10, 1);
        IdxFixtures.writeGz(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFixtures.idx(1, new int[] {9}, new byte[9]));
        DataException e = assertThrows(DataException.class, () -> FashionMnist.read(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz: holds 9 labels but t10k-images-idx3-ubyte.gz holds 10 images"),
                e.getMessage());
    }

    @Test
    void wrongImageSizeAndBadLabelsAreFaults() throws IOException {
        IdxFixtures.fashionMnist(dir, 20, 10, 1);
        IdxFixtures.writeGz(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.idx(1, new int[] {20}, filled(20, (byte) 10)));
        assertTrue(assertThrows(DataException.class, () -> FashionMnist.read(dir)).getMessage().contains("label 10 at index 0"));
        IdxFixtures.writeGz(dir.resolve("train-images-idx3-ubyte.gz"), IdxFixtures.idx(3, new int[] {20, 32, 32}, new byte[20 * 32 * 32]));
        assertTrue(assertThrows(DataException.class, () -> FashionMnist.read(dir)).getMessage().contains("images are 32x32, expected 28x28"));
    }

    @Test
    void loaderReadsGoodFixtureAndRecordsChecksums() throws IOException {
        IdxFixtures.fashionMnist(dir.resolve("fashion-mnist"), 30, 12, 2);
        Path found = FashionMnist.locate(Optional.of(dir), dir.resolve("cache"), s -> { });
        ImageSplits splits = FashionMnist.read(found);
        assertEquals(30, splits.train().count());
        assertEquals(12, splits.test().count());
        assertEquals(4, splits.checksums().size());
        assertTrue(splits.checksums().values().stream().allMatch(h -> h.matches("[0-9a-f]{64}")));
    }

    @Test
    void aUserFolderWithoutTheFilesIsAOneLineFault() {
        DataException e = assertThrows(DataException.class, () -> FashionMnist.locate(Optional.of(dir), dir, s -> { }));
        assertTrue(e.getMessage().startsWith(dir + ": no Fashion-MNIST here"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        Arrays.fill(b, v);
        return b;
    }
}
