package org.paperradio.stream.video.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.stream.video.h264.EncodedFrame.Kind;

/**
 * Encodes synthetic slide video and decodes it with the real ffmpeg: frame count, decoder
 * silence, keyframe positions (ffprobe), per-frame PSNR against the source, and exactness of
 * skipped areas.
 */
class H264StreamEncoderTest {

    private static final int W = 640;
    private static final int H = 360;

    private static final String[] CAPTIONS = {
        "Ada reads the abstract", "Ben asks about the method", "Ada explains Table 3", "Listener questions"};

    @TempDir
    Path dir;

    @Test
    void slideSequenceDecodesFrameByFrameWithKeyframesWhereExpected() throws Exception {
        H264StreamEncoder enc = new H264StreamEncoder(W, H, 30, 60, 1000);
        List<BufferedImage> source = new ArrayList<>();
        List<EncodedFrame> frames = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<byte[]> refLuma = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            if (i == 80) {
                enc.requestKeyframe();
            }
            BufferedImage img = slide(W, H, i, i < 70 ? 0 : 1, i / 30, i / 45);
            source.add(img);
            EncodedFrame f = enc.encode(img);
            assertThat(f.frameIndex()).isEqualTo(i);
            frames.add(f);
            refLuma.add(f.kind() == Kind.SKIP_P ? null : enc.reference().getPlaneData(0).clone());
            stream.writeBytes(f.annexB());
        }
        Path file = dir.resolve("slides.h264");
        Files.write(file, stream.toByteArray());

        // kinds: IDR at 0, 60 and the requested 80; the page change is intra; clock patched
        assertThat(frames.get(0).kind()).isEqualTo(Kind.IDR);
        assertThat(frames.get(60).kind()).isEqualTo(Kind.IDR);
        assertThat(frames.get(80).kind()).isEqualTo(Kind.IDR);
        assertThat(frames.get(70).kind()).isEqualTo(Kind.FULL_I);
        assertThat(frames.get(30).kind()).isEqualTo(Kind.PARTIAL_P);
        assertThat(frames.get(45).kind()).isEqualTo(Kind.PARTIAL_P);
        for (int i = 0; i < 90; i++) {
            boolean event = i == 0 || i == 30 || i == 45 || i == 60 || i == 70 || i == 80;
            if (!event) {
                assertThat(frames.get(i).kind()).as("frame %d", i).isEqualTo(Kind.SKIP_P);
                assertThat(frames.get(i).sizeBytes()).as("frame %d", i).isLessThan(16);
            }
            assertThat(frames.get(i).keyframe()).isEqualTo(frames.get(i).kind() == Kind.IDR);
        }
        // the IDR carries exactly the SPS/PPS handed out for the FLV sequence header
        assertThat(frames.get(0).nals().get(0)).isEqualTo(enc.sps());
        assertThat(frames.get(0).nals().get(1)).isEqualTo(enc.pps());
        assertThat(frames.get(60).nals().get(0)).isEqualTo(enc.sps());

        byte[] rgb = decode(file, 90, W, H);
        byte[] yuv = decode(file, "yuv420p", 90 * W * H * 3 / 2);
        int frameBytes = W * H * 3;
        for (int i = 0; i < 90; i++) {
            double psnr = psnr(source.get(i), rgb, i * frameBytes, 0, 0, W, H);
            assertThat(psnr).as("PSNR of frame %d (%s)", i, frames.get(i).kind()).isGreaterThan(30);
            if (frames.get(i).kind() == Kind.SKIP_P) {
                int yuvBytes = W * H * 3 / 2;
                assertThat(slice(yuv, i, yuvBytes)).as("frame %d repeats", i)
                        .isEqualTo(slice(yuv, i - 1, yuvBytes));
            }
            if (frames.get(i).kind() == Kind.PARTIAL_P) {
                assertPatchedOnlyWhereChanged(source.get(i - 1), source.get(i), yuv, i);
            }
            if (refLuma.get(i) != null) {
                assertReferenceMatchesDecoder(refLuma.get(i), yuv, i);
            }
        }

        List<String[]> probe = probeFrames(file);
        assertThat(probe).hasSize(90);
        for (int i = 0; i < 90; i++) {
            boolean key = i == 0 || i == 60 || i == 80;
            assertThat(probe.get(i)[0]).as("key_frame of %d", i).isEqualTo(key ? "1" : "0");
            assertThat(probe.get(i)[1]).as("pict_type of %d", i).isEqualTo(key || i == 70 ? "I" : "P");
        }
        System.out.printf("640x360: PARTIAL_P frames 30 and 45: %d and %d bytes; IDR 0: %d bytes%n",
                frames.get(30).sizeBytes(), frames.get(45).sizeBytes(), frames.get(0).sizeBytes());
        System.out.printf("640x360, 90 frames: %d bytes, %.0f kbit/s at 30 fps (target %d)%n",
                enc.totalBytes(), enc.averageKbps(), enc.bitrateKbps());
    }

    @Test
    void sizeThatIsNotAMultipleOf16IsCroppedBySps() throws Exception {
        H264StreamEncoder enc = new H264StreamEncoder(100, 60, 25, 50, 300);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<BufferedImage> source = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BufferedImage img = slide(100, 60, i, 0, i / 2, 0);
            source.add(img);
            EncodedFrame f = enc.encode(img);
            kinds.add(f.kind());
            stream.writeBytes(f.annexB());
        }
        assertThat(kinds).containsExactly(Kind.IDR, Kind.SKIP_P, Kind.PARTIAL_P, Kind.SKIP_P, Kind.PARTIAL_P);
        Path file = dir.resolve("small.h264");
        Files.write(file, stream.toByteArray());
        byte[] rgb = decode(file, 5, 100, 60);
        for (int i = 0; i < 5; i++) {
            assertThat(psnr(source.get(i), rgb, i * 100 * 60 * 3, 0, 0, 100, 60)).isGreaterThan(30);
        }
    }

    @Test
    void rejectsFramesOfTheWrongSizeAndBadSettings() {
        H264StreamEncoder enc = new H264StreamEncoder(64, 48, 30, 60, 500);
        assertThatThrownBy(() -> enc.encode(new BufferedImage(65, 48, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264StreamEncoder(8192, 720, 30, 60, 500))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264StreamEncoder(641, 360, 30, 60, 500))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264StreamEncoder(640, 360, 0, 60, 500))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** 720p: prints encode time per frame kind (measured, not asserted) and checks decoding. */
    @Test
    void encodeTimePerKindAt720p() throws Exception {
        int w = 1280;
        int h = 720;
        H264StreamEncoder enc = new H264StreamEncoder(w, h, 30, 60, 2500);
        Map<Kind, long[]> stats = new EnumMap<>(Kind.class); // {count, nanos, bytes}
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int n = 40;
        List<BufferedImage> source = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            source.add(slide(w, h, i, (i / 15) % 2, i / 4, i / 20));
        }
        H264StreamEncoder warmUp = new H264StreamEncoder(w, h, 30, 60, 2500);
        for (int i = 0; i < 16; i++) {
            warmUp.encode(source.get(i)); // JIT warm-up, not measured
        }
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            EncodedFrame f = enc.encode(source.get(i));
            long dt = System.nanoTime() - t0;
            long[] s = stats.computeIfAbsent(f.kind(), k -> new long[3]);
            s[0]++;
            s[1] += dt;
            s[2] += f.sizeBytes();
            stream.writeBytes(f.annexB());
        }
        stats.forEach((k, s) -> System.out.printf("720p %-9s frames=%2d  %7.2f ms/frame  %7d bytes/frame%n",
                k, s[0], s[1] / 1e6 / s[0], s[2] / s[0]));
        System.out.printf("720p, %d frames: %.0f kbit/s at 30 fps (target %d)%n", n, enc.averageKbps(), enc.bitrateKbps());
        assertThat(stats).containsKeys(Kind.IDR, Kind.FULL_I, Kind.PARTIAL_P, Kind.SKIP_P);
        Path file = dir.resolve("hd.h264");
        Files.write(file, stream.toByteArray());
        byte[] rgb = decode(file, n, w, h);
        assertThat(psnr(source.get(n - 1), rgb, (n - 1) * w * h * 3, 0, 0, w, h)).isGreaterThan(30);
    }

    // ---- helpers

    /** A page of text with a clock (top right) and a caption band (bottom). */
    static BufferedImage slide(int w, int h, int frame, int page, int clock, int caption) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(page == 0 ? Color.WHITE : new Color(250, 244, 228));
        g.fillRect(0, 0, w, h);
        float scale = w / 640f;
        g.setColor(page == 0 ? new Color(20, 20, 60) : new Color(90, 20, 20));
        g.setFont(new Font(Font.SERIF, Font.BOLD, Math.round(22 * scale)));
        g.drawString(page == 0 ? "On the Paper Radio of Things" : "Results and Discussion", 20 * scale, 40 * scale);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, Math.round(13 * scale)));
        g.setColor(Color.BLACK);
        for (int line = 0; line < 12; line++) {
            g.drawString((page == 0 ? "We study how a station reads papers aloud, line "
                    : "Table 3 shows the measured latency per stage, row ") + line
                    + (page == 0 ? " of the introduction." : " with confidence intervals."),
                    20 * scale, (80 + line * 18) * scale);
        }
        g.setColor(new Color(200, 30, 30));
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.round(16 * scale)));
        g.drawString(String.format("12:%02d:%02d", clock / 60, clock % 60), 540 * scale, 24 * scale);
        g.setColor(new Color(30, 40, 90));
        g.fillRect(0, Math.round(310 * scale), w, Math.round(50 * scale));
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(14 * scale)));
        g.drawString("Now: " + CAPTIONS[caption % CAPTIONS.length], 20 * scale, 340 * scale);
        g.dispose();
        return img;
    }

    /** Decodes with ffmpeg to rgb24; asserts a clean exit, empty stderr and the frame count. */
    static byte[] decode(Path file, int frames, int w, int h) throws IOException, InterruptedException {
        return decode(file, "rgb24", frames * w * h * 3);
    }

    static byte[] decode(Path file, String pixFmt, int expectedBytes) throws IOException, InterruptedException {
        Path err = file.resolveSibling(file.getFileName() + "." + pixFmt + ".err");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(),
                "-f", "rawvideo", "-pix_fmt", pixFmt, "-")
                .redirectError(err.toFile()).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(err)).as("ffmpeg stderr").isEmpty();
        assertThat(out.length).as("decoded bytes").isEqualTo(expectedBytes);
        return out;
    }

    static List<String[]> probeFrames(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_frames",
                "-show_entries", "frame=key_frame,pict_type", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        String text;
        try (InputStream in = p.getInputStream(); OutputStream ignored = p.getOutputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.trim().split(","));
            }
        }
        return rows;
    }

    /** PSNR over RGB of the rectangle (x0,y0,w,h) of {@code src} against decoded rgb24 data. */
    static double psnr(BufferedImage src, byte[] rgb, int offset, int x0, int y0, int w, int h) {
        int width = src.getWidth();
        double se = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int p = src.getRGB(x, y);
                int o = offset + (y * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int d = ((p >> (16 - 8 * c)) & 0xFF) - (rgb[o + c] & 0xFF);
                    se += d * d;
                }
            }
        }
        double mse = se / (w * h * 3.0);
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static ByteBuffer slice(byte[] rgb, int frame, int frameBytes) {
        return ByteBuffer.wrap(rgb, frame * frameBytes, frameBytes);
    }

    /**
     * A PARTIAL_P frame must leave macroblocks that did not change bit-identical (Y, Cb, Cr) to
     * the previous decoded frame, and must bring the changed ones close to the source (luma
     * PSNR against the BT.601 limited-range luma of the source).
     */
    private static void assertPatchedOnlyWhereChanged(BufferedImage before, BufferedImage after, byte[] yuv, int i) {
        int frameBytes = W * H * 3 / 2;
        int cur = i * frameBytes;
        int prev = (i - 1) * frameBytes;
        int changed = 0;
        for (int mbY = 0; mbY < (H + 15) / 16; mbY++) {
            for (int mbX = 0; mbX < W / 16; mbX++) {
                int rows = Math.min(16, H - mbY * 16);
                boolean differs = false;
                for (int y = mbY * 16; y < mbY * 16 + rows && !differs; y++) {
                    for (int x = mbX * 16; x < mbX * 16 + 16 && !differs; x++) {
                        differs = before.getRGB(x, y) != after.getRGB(x, y);
                    }
                }
                if (differs) {
                    changed++;
                    double se = 0;
                    for (int y = mbY * 16; y < mbY * 16 + rows; y++) {
                        for (int x = mbX * 16; x < mbX * 16 + 16; x++) {
                            int p = after.getRGB(x, y);
                            int expected = ((66 * ((p >> 16) & 0xFF) + 129 * ((p >> 8) & 0xFF) + 25 * (p & 0xFF) + 128) >> 8) + 16;
                            int d = expected - (yuv[cur + y * W + x] & 0xFF);
                            se += d * d;
                        }
                    }
                    double mse = se / (16 * rows);
                    double psnr = mse == 0 ? 99 : 10 * Math.log10(255 * 255 / mse);
                    assertThat(psnr).as("luma PSNR of patched mb %d,%d, frame %d", mbX, mbY, i).isGreaterThan(30);
                    continue;
                }
                for (int y = mbY * 16; y < mbY * 16 + rows; y++) {
                    int o = y * W + mbX * 16;
                    assertThat(ByteBuffer.wrap(yuv, cur + o, 16)).as("luma of untouched mb %d,%d, frame %d", mbX, mbY, i)
                            .isEqualTo(ByteBuffer.wrap(yuv, prev + o, 16));
                }
                for (int plane = 0; plane < 2; plane++) {
                    int base = W * H + plane * (W * H / 4);
                    for (int j = 0; j < rows / 2; j++) {
                        int o = base + (mbY * 8 + j) * (W / 2) + mbX * 8;
                        assertThat(ByteBuffer.wrap(yuv, cur + o, 8)).as("chroma of untouched mb %d,%d", mbX, mbY)
                                .isEqualTo(ByteBuffer.wrap(yuv, prev + o, 8));
                    }
                }
            }
        }
        assertThat(changed).isPositive();
    }

    /**
     * The encoder's copy of the decoder's picture (what later intra predictions read) must be
     * exactly what ffmpeg decoded.
     */
    private static void assertReferenceMatchesDecoder(byte[] refLuma, byte[] yuv, int i) {
        int cur = i * W * H * 3 / 2;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                byte expected = yuv[cur + y * W + x];
                byte actual = (byte) (refLuma[y * W + x] + 128); // JCodec stores samples minus 128
                if (actual != expected) {
                    assertThat(actual).as("reference luma %d,%d of frame %d", x, y, i).isEqualTo(expected);
                }
            }
        }
    }
}
