package org.qbench.tasks.lowlight;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;
import org.qbench.tasks.data.DataException;
import org.qbench.tasks.images.RgbImage;

/**
 * Decodes H.264 video in MP4/MOV containers in pure Java with jcodec 0.2.5 (FreeBSD licence). jcodec handles
 * progressive 4:2:0 H.264; other codecs, interlaced or 4:4:4 streams and damaged files fail with a
 * {@link DataException} naming the file.
 */
public final class H264Video {

    private H264Video() {}

    /**
     * The first {@code count} frames after skipping {@code skip}, as 8-bit RGB (BT.601 as jcodec converts).
     *
     * @throws DataException naming the file when it cannot be read or decoded, or holds fewer frames
     */
    public static List<RgbImage> read(Path file, int skip, int count) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "no such video file");
        }
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        List<RgbImage> out = new ArrayList<>(count);
        try (FileChannelWrapper ch = NIOUtils.readableChannel(file.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(ch);
            for (int i = 0; i < skip + count; i++) {
                Picture p = grab.getNativeFrame();
                if (p == null) {
                    throw new DataException(file, "holds " + i + " frames, expected at least " + (skip + count));
                }
                if (i >= skip) {
                    out.add(toRgb(stem + "_" + i, AWTUtil.toBufferedImage(p)));
                }
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException | org.jcodec.api.JCodecException | RuntimeException | Error e) {
            if (e instanceof VirtualMachineError v) {
                throw v;
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
            throw new DataException(file, "cannot decode as H.264 in MP4/MOV (" + msg + ")", e);
        }
        return out;
    }

    private static RgbImage toRgb(String name, BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[3 * h * w];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            int v = argb[i];
            rgb[i] = (byte) (v >> 16);
            rgb[plane + i] = (byte) (v >> 8);
            rgb[2 * plane + i] = (byte) v;
        }
        return new RgbImage(name, h, w, rgb);
    }
}
