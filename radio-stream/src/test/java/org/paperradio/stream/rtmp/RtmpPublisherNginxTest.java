package org.paperradio.stream.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.stream.testing.LogCapture;
import org.slf4j.LoggerFactory;

/**
 * Publishes real H.264 + MP3 to a real nginx-rtmp on loopback and checks what nginx recorded
 * with ffprobe/ffmpeg; restarts nginx mid-stream to see the publisher come back.
 */
class RtmpPublisherNginxTest {

    private static final String KEY = "live_secret_123";

    @TempDir
    Path dir;

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @Test
    void recordsDecodableH264AndMp3() throws Exception {
        TestMedia media = TestMedia.generate(dir, 6);
        try (NginxRtmp nginx = NginxRtmp.start(dir.resolve("nginx"))) {
            RtmpPublisher pub = new RtmpPublisher(nginx.url(KEY), RtmpPublisher.Options.defaults(), Clock.systemUTC());
            pub.start();
            feed(pub, media, 6000, Long.MAX_VALUE, () -> { });
            awaitDrained(pub);
            pub.close();
            assertThat(pub.state()).isEqualTo(RtmpPublisher.State.STOPPED);
            Thread.sleep(300); // nginx closes the recording when the stream is deleted

            List<Path> recs = nginx.recordings();
            assertThat(recs).hasSize(1);
            Path rec = recs.get(0);
            String streams = TestMedia.output("ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_type,codec_name,width,height,sample_rate,channels", "-of", "compact", rec.toString());
            assertThat(streams).contains("codec_type=video").contains("codec_name=h264")
                    .contains("width=320").contains("height=240")
                    .contains("codec_type=audio").contains("codec_name=mp3").contains("sample_rate=44100");

            List<double[]> video = packets(rec, "v");
            List<double[]> audio = packets(rec, "a");
            assertThat(video).hasSizeGreaterThan(170);
            assertThat(audio).hasSizeGreaterThan(220);
            assertMonotonic(video);
            assertMonotonic(audio);
            double span = video.get(video.size() - 1)[0] - video.get(0)[0];
            assertThat(span).isBetween(5.7, 6.2);
            assertThat(firstVideoFlags(rec)).contains("K");
            assertThat(TestMedia.output("ffmpeg", "-v", "error", "-i", rec.toString(), "-f", "null", "-")).isEmpty();
        }
        assertKeyNeverLogged();
    }

    @Test
    void reconnectsAfterServerRestartAndStartsAgainAtAKeyframe() throws Exception {
        TestMedia media = TestMedia.generate(dir, 6);
        List<RtmpPublisher.State> states = new CopyOnWriteArrayList<>();
        try (NginxRtmp nginx = NginxRtmp.start(dir.resolve("nginx"))) {
            RtmpPublisher.Options opts = RtmpPublisher.Options.defaults()
                    .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
            long[] publishingAt = new long[1];
            RtmpPublisher pub = new RtmpPublisher(nginx.url(KEY), opts, Clock.systemUTC(), s -> {
                states.add(s);
                if (s == RtmpPublisher.State.PUBLISHING) {
                    publishingAt[0] = System.nanoTime();
                }
            });
            pub.start();
            long[] restartedAt = new long[1];
            feed(pub, media, 10_000, 4000, () -> {
                try {
                    nginx.restart();
                    restartedAt[0] = System.nanoTime();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(pub.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(pub.state()).isEqualTo(RtmpPublisher.State.PUBLISHING);
            long backMs = (publishingAt[0] - restartedAt[0]) / 1_000_000;
            LoggerFactory.getLogger(RtmpPublisherNginxTest.class).info("publishing again {} ms after nginx was back", backMs);
            assertThat(backMs).isBetween(0L, 3000L);
            awaitDrained(pub);
            pub.close();
            Thread.sleep(300);

            int firstPublishing = states.indexOf(RtmpPublisher.State.PUBLISHING);
            int backoff = states.indexOf(RtmpPublisher.State.BACKOFF);
            assertThat(firstPublishing).isGreaterThanOrEqualTo(0);
            assertThat(backoff).isGreaterThan(firstPublishing);
            assertThat(states.subList(backoff, states.size())).contains(RtmpPublisher.State.PUBLISHING);

            List<Path> recs = nginx.recordings();
            assertThat(recs).hasSize(2);
            Path second = recs.get(1);
            assertThat(firstVideoFlags(second)).contains("K");
            List<double[]> video = packets(second, "v");
            assertThat(video).hasSizeGreaterThan(60); // about 6 s minus the outage and the wait for a key frame
            assertMonotonic(video);
            assertMonotonic(packets(second, "a"));
            assertThat(TestMedia.output("ffmpeg", "-v", "error", "-i", second.toString(), "-f", "null", "-")).isEmpty();
            assertThat(TestMedia.output("ffmpeg", "-v", "error", "-i", recs.get(0).toString(), "-f", "null", "-"))
                    .isEmpty();
        }
        assertKeyNeverLogged();
    }

    /**
     * Sends {@code durationMs} of media (looping the clip) paced at real time, running {@code
     * action} once when the timeline passes {@code actionAtMs}.
     */
    static void feed(RtmpPublisher pub, TestMedia m, long durationMs, long actionAtMs, Runnable action)
            throws InterruptedException {
        pub.send(FlvTag.metadata(m.metadata()));
        pub.send(FlvTag.avcSequenceHeader(0, m.sps(), m.pps()));
        long start = System.nanoTime();
        int v = 0;
        int a = 0;
        boolean acted = false;
        while (true) {
            long vts = Math.round(v * 1000.0 / TestMedia.FPS);
            long ats = Math.round(a * TestMedia.MP3_FRAME_MS);
            long ts = Math.min(vts, ats);
            if (ts >= durationMs) {
                return;
            }
            if (!acted && ts >= actionAtMs) {
                acted = true;
                action.run();
            }
            long wait = start + ts * 1_000_000 - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            if (vts <= ats) {
                pub.send(FlvTag.avcVideo(vts, m.accessUnits().get(v % m.accessUnits().size())));
                v++;
            } else {
                pub.send(FlvTag.mp3Audio(ats, m.mp3Frames().get(a % m.mp3Frames().size()), TestMedia.SAMPLE_RATE, 1));
                a++;
            }
        }
    }

    private static void awaitDrained(RtmpPublisher pub) throws InterruptedException {
        Thread.sleep(500); // the publisher polls its queue; give it time to send the last tags
    }

    /** [dts seconds] for each packet of the stream. */
    private static List<double[]> packets(Path rec, String stream) throws Exception {
        String out = TestMedia.output("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                "packet=dts_time", "-of", "csv=p=0", rec.toString());
        List<double[]> list = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            if (!line.isBlank()) {
                list.add(new double[] {Double.parseDouble(line.strip().replace(",", ""))});
            }
        }
        return list;
    }

    private static String firstVideoFlags(Path rec) throws Exception {
        String out = TestMedia.output("ffprobe", "-v", "error", "-select_streams", "v", "-read_intervals", "%+#1",
                "-show_entries", "packet=flags", "-of", "csv=p=0", rec.toString());
        return out.strip().split("\n")[0];
    }

    private static void assertMonotonic(List<double[]> packets) {
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i)[0]).as("dts of packet %d", i).isGreaterThanOrEqualTo(packets.get(i - 1)[0]);
        }
    }

    private void assertKeyNeverLogged() {
        List<String> lines = logs.lines(); // messages and exception chains
        assertThat(lines).isNotEmpty();
        assertThat(String.join("\n", lines)).doesNotContain(KEY).contains("/live/***");
        assertThat(Arrays.toString(lines.toArray())).doesNotContain("secret");
    }
}
