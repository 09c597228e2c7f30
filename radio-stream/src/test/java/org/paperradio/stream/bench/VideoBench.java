package org.paperradio.stream.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.video.FrameComposer;
import org.paperradio.stream.video.SceneSettings;
import org.paperradio.stream.video.SceneTimeline;
import org.paperradio.stream.video.Scenery;
import org.paperradio.stream.video.h264.EncodedFrame;
import org.paperradio.stream.video.h264.H264StreamEncoder;

/**
 * CPU cost of the video stream: composes and encodes a typical paper segment at 720p30 (a CC BY
 * paper of 8 text pages, two hosts taking turns every ~4 s, captions, the clock, a page turn
 * about every 20 s) for N seconds of stream, and measures this thread's CPU time for the
 * compositor and the encoder. The same frames go to ffmpeg/libx264 ({@code -preset veryfast
 * -tune stillimage}, the same keyframe interval and bitrate) in the same run, and ffmpeg's own
 * CPU time ({@code -benchmark}) is printed beside ours. Usage: VideoBench [seconds] (default 120).
 */
public final class VideoBench {

    private VideoBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        Path dir = Files.createTempDirectory("video-bench");
        StationConfig config = new ConfigLoader().parse("station: {name: Paper Radio}\n"
                + "video: {enabled: true, width: 1280, height: 720, fps: 30, keyframeEvery: 2s, bitrate: 2500}\n", "bench");
        StationConfig.Video video = config.video();
        PaperStore store = new PaperStore(dir.resolve("data"), Clock.systemUTC());
        PaperSegment segment = segment(store, seconds);
        FrameComposer composer = FrameComposer.of(video);
        Scenery scenery = new Scenery(store, SceneSettings.of(config, composer));
        SceneTimeline timeline = scenery.timeline(segment, Instant.parse("2026-11-24T18:00:00Z"),
                () -> List.of("Next: a paper about proteins", "Then: the daily show"));
        H264StreamEncoder encoder = new H264StreamEncoder(video.width(), video.height(), video.fps(),
                (int) (video.keyframeEvery().toSeconds() * video.fps()), video.bitrate());

        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-benchmark", "-f", "rawvideo", "-pix_fmt", "rgb24",
                "-s", video.width() + "x" + video.height(), "-r", String.valueOf(video.fps()), "-i", "-",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-g",
                String.valueOf(video.keyframeEvery().toSeconds() * video.fps()), "-b:v", video.bitrate() + "k",
                "-f", "null", "-").redirectErrorStream(true).start();
        StringBuilder ffmpegOut = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                ffmpegOut.append(new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the benchmark reports what it got
            }
        });

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long composeNanos = 0;
        long encodeNanos = 0;
        long bytes = 0;
        Map<EncodedFrame.Kind, Integer> kinds = new EnumMap<>(EncodedFrame.Kind.class);
        int frames = seconds * video.fps();
        byte[] rgb = new byte[video.width() * video.height() * 3];
        long wall = System.nanoTime();
        try (OutputStream toFfmpeg = ffmpeg.getOutputStream()) {
            for (int f = 0; f < frames; f++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                BufferedImage image = composer.compose(timeline.at(Duration.ofMillis(f * 1000L / video.fps())));
                long t1 = cpu.getCurrentThreadCpuTime();
                EncodedFrame e = encoder.encode(image);
                long t2 = cpu.getCurrentThreadCpuTime();
                composeNanos += t1 - t0;
                encodeNanos += t2 - t1;
                bytes += e.sizeBytes();
                kinds.merge(e.kind(), 1, Integer::sum);
                toFfmpeg.write(rgb(image, rgb));
            }
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        ffmpeg.waitFor();
        reader.join();
        double ours = (composeNanos + encodeNanos) / 1e9;
        System.out.printf(Locale.ROOT, "stream: %d s of 720p30 (%d frames), wall %.1f s%n", seconds, frames, wallSeconds);
        System.out.printf(Locale.ROOT, "frames by kind: %s%n", kinds);
        System.out.printf(Locale.ROOT, "compositor: %.3f CPU-s per stream second%n", composeNanos / 1e9 / seconds);
        System.out.printf(Locale.ROOT, "encoder (JCodec, change-driven): %.3f CPU-s per stream second, %.0f kbit/s%n",
                encodeNanos / 1e9 / seconds, bytes * 8.0 / seconds / 1000);
        System.out.printf(Locale.ROOT, "compositor + encoder: %.3f CPU-s per stream second%n", ours / seconds);
        Matcher m = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s").matcher(ffmpegOut);
        if (m.find()) {
            double theirs = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
            System.out.printf(Locale.ROOT, "ffmpeg/libx264 veryfast stillimage, same frames: %.3f CPU-s per stream second%n",
                    theirs / seconds);
        } else {
            System.out.println("ffmpeg gave no benchmark figures:\n" + ffmpegOut);
        }
    }

    private static byte[] rgb(BufferedImage image, byte[] out) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        int i = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int px : row) {
                out[i++] = (byte) (px >> 16);
                out[i++] = (byte) (px >> 8);
                out[i++] = (byte) px;
            }
        }
        return out;
    }

    /** A CC BY paper with 8 text pages and a script whose lines turn a page about every 20 s. */
    private static PaperSegment segment(PaperStore store, int seconds) throws IOException {
        ArxivId id = ArxivId.parse("2611.01234v1");
        PaperMeta meta = new PaperMeta(id, "Sparse Routing for Efficient Speech Recognition on Small Devices",
                List.of("Ana Ortiz", "Bo Chen", "Chidi Okafor"), "We route frames to experts.", List.of("cs.CL"),
                Instant.parse("2026-11-20T00:00:00Z"), null, URI.create("https://arxiv.org/pdf/2611.01234v1"),
                License.of("http://creativecommons.org/licenses/by/4.0/"));
        store.add(meta);
        for (int p = 1; p <= 8; p++) {
            page(store.file(id, PaperFiles.PAGES + "/" + String.format("%03d.png", p)), p);
        }
        List<ScriptLine> lines = new ArrayList<>();
        List<LineTiming> timings = new ArrayList<>();
        long at = 500;
        for (int i = 0; at < seconds * 1000L; i++) {
            String host = i % 2 == 0 ? "ada" : "ben";
            String text = "Line " + i + ": the hosts talk about how sparse routing sends each frame to a few experts,"
                    + " and what that means for small devices.";
            lines.add(new ScriptLine.Spoken(host, text, 1 + (int) (at / 20_000) % 8));
            long length = 3_000 + (i % 3) * 1_000;
            timings.add(new LineTiming(i, host, text, Duration.ofMillis(at), Duration.ofMillis(at + length)));
            at += length + 400;
        }
        store.writeJson(id, PaperFiles.SCRIPT, new Script(id, meta.title(), lines, "bench"));
        SegmentAudio audio = new SegmentAudio(id, Duration.ofSeconds(seconds), 44_100, 1, timings);
        AtomicFiles.write(store.file(id, PaperFiles.WAV), new byte[0]);
        return new PaperSegment(meta, audio, store.file(id, PaperFiles.WAV), store.file(id, PaperFiles.MP3));
    }

    /** A page of text, letter-sized at 150 dpi, like a rendered paper page. */
    private static void page(Path file, int number) throws IOException {
        BufferedImage img = new BufferedImage(1275, 1650, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SERIF, Font.BOLD, 34));
        g.drawString(number + "  Sparse routing, section " + number, 120, 160);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 22));
        for (int y = 230, i = 0; y < 1550; y += 30, i++) {
            g.drawString("Text of page " + number + ", line " + i + ": frames are routed to experts by a learned gate,"
                    + " which saves compute.", 120, y);
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
