package org.qbench.tasks.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.tasks.data.DataException;

/** Reading and writing image files, good and corrupt. */
class ImageFilesTest {

    @TempDir
    Path dir;

    @Test
    void pngRoundTrip() {
        RgbImage img = BicubicTest.noise("round", 13, 17, 7);
        Path f = dir.resolve("sub/round.png");
        ImageFiles.writePng(img, f);
        assertEquals(img, ImageFiles.read(f, 1));
        assertFalse(Files.exists(dir.resolve("sub/round.png.part")));
    }

    @Test
    void readsAPpmWithComments() throws IOException {
        byte[] header = "P6\n# made by hand\n2 1 # width height\n255\n".getBytes(StandardCharsets.US_ASCII);
        Path f = write("two.ppm", header, new byte[] {10, 20, 30, (byte) 200, (byte) 210, (byte) 220});
        RgbImage img = ImageFiles.read(f, 1);
        assertEquals("two", img.name());
        assertEquals(1, img.height());
        assertEquals(2, img.width());
        assertEquals(10, img.value(0, 0, 0));
        assertEquals(30, img.value(2, 0, 0));
        assertEquals(210, img.value(1, 0, 1));
    }

    @Test
    void greyPgmBecomesThreeEqualChannels() throws IOException {
        Path f = write("g.pgm", "P5 2 2 255\n".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 7, (byte) 128, -1});
        RgbImage img = ImageFiles.read(f, 2);
        for (int c = 0; c < 3; c++) {
            assertEquals(7, img.value(c, 0, 1));
            assertEquals(255, img.value(c, 1, 1));
        }
    }

    @Test
    void greyPngKeepsItsRawValues() throws IOException {
        // The JDK's grey colour space is linear: getRGB would brighten 64 to about 137. The reader must not.
        BufferedImage g = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(1, 2, 0, 64);
        Path f = dir.resolve("grey.png");
        ImageIO.write(g, "png", f.toFile());
        RgbImage img = ImageFiles.read(f, 4);
        assertEquals(64, img.value(0, 2, 1));
        assertEquals(64, img.value(2, 2, 1));
    }

    @Test
    void readsAJpeg() throws IOException {
        BufferedImage rgb = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        Arrays.fill(((java.awt.image.DataBufferInt) rgb.getRaster().getDataBuffer()).getData(), 0x804020);
        Path f = dir.resolve("flat.jpg");
        ImageIO.write(rgb, "jpg", f.toFile());
        RgbImage img = ImageFiles.read(f, 8);
        assertEquals(16, img.width());
        assertEquals(0x80, img.value(0, 3, 3), 2);
        assertEquals(0x20, img.value(2, 3, 3), 2);
    }

    @Test
    void truncatedPng() throws IOException {
        RgbImage img = BicubicTest.noise("t", 64, 64, 9);
        Path f = dir.resolve("t.png");
        ImageFiles.writePng(img, f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        assertOneLineFault(f, 1, "cannot decode the image");
    }

    @Test
    void textFile() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.png"), "not an image\nat all\n");
        assertOneLineFault(f, 1, "not an image file this reader knows");
    }

    @Test
    void sixteenBitPng() throws IOException {
        BufferedImage g = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setSample(0, 0, 0, 40000);
        Path f = dir.resolve("deep.png");
        ImageIO.write(g, "png", f.toFile());
        assertOneLineFault(f, 1, "16 bits per channel, expected 8");
    }

    @Test
    void sixteenBitPgm() throws IOException {
        Path f = write("deep.pgm", "P5\n2 2\n65535\n".getBytes(StandardCharsets.US_ASCII), new byte[8]);
        assertOneLineFault(f, 1, "16 bits per channel (maxval 65535), expected 8");
    }

    @Test
    void truncatedPpm() throws IOException {
        Path f = write("short.ppm", "P6 4 4 255\n".getBytes(StandardCharsets.US_ASCII), new byte[10]);
        assertOneLineFault(f, 1, "truncated: 10 bytes of pixel data, expected 48");
    }

    @Test
    void tooSmall() {
        Path f = dir.resolve("small.png");
        ImageFiles.writePng(BicubicTest.noise("small", 8, 12, 3), f);
        assertOneLineFault(f, 16, "image is 12x8, smaller than the minimum side 16");
    }

    @Test
    void missingFile() {
        assertOneLineFault(dir.resolve("nowhere.png"), 1, "no such image file");
    }

    private Path write(String name, byte[] header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        out.write(data);
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static void assertOneLineFault(Path f, int minSide, String what) {
        DataException e = assertThrows(DataException.class, () -> ImageFiles.read(f, minSide));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString() + ": "), m);
        assertTrue(m.contains(what), m);
        assertFalse(m.contains("\n") || m.contains("\r"), m);
    }
}
