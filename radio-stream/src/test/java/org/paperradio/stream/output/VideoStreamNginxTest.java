package org.paperradio.stream.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.store.Json;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.Interval;
import org.paperradio.stream.playout.PlayoutClock;
import org.paperradio.stream.playout.ReadyQueue;
import org.paperradio.stream.rtmp.NginxRtmp;
import org.paperradio.stream.rtmp.RtmpPublisher;
import org.paperradio.stream.video.FrameComposer;
import org.paperradio.stream.video.SceneSettings;
import org.paperradio.stream.video.Scenery;

/**
 * The station's video stream published to a real nginx-rtmp on loopback, which records it; the
 * recording is checked with ffprobe: H.264 at the configured size and frame rate, a keyframe
 * every 2 s, MP3 audio that decodes, audio and video ending together (drift). nginx is then
 * restarted mid-stream: the publisher reconnects and a second recording continues the stream.
 */
class VideoStreamNginxTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;

    @TempDir
    Path dir;

    @Test
    void theAirIsPublishedRecordedAndSurvivesAServerRestart() throws Exception {
        try (NginxRtmp nginx = NginxRtmp.start(dir.resolve("nginx"))) {
            StationConfig config = new ConfigLoader().parse("""
                    station: {name: Test Radio}
                    video: {enabled: true, width: %d, height: %d, fps: 30, keyframeEvery: 2s, bitrate: 2500}
                    """.formatted(WIDTH, HEIGHT), "test");
            PaperStore store = new PaperStore(dir.resolve("data"), Clock.systemUTC());
            ReadyQueue ready = new ReadyQueue(store, Duration.ofMinutes(5));
            ready.accept(AirFixtures.voicedPaper(store, "2601.00001v1", "A paper about tones", 30, 330));
            ready.accept(AirFixtures.voicedPaper(store, "2601.00002v1", "Another paper about tones", 45, 440));
            ready.accept(AirFixtures.voicedPaper(store, "2601.00004v1", "A third paper about tones", 60, 550));

            FrameComposer composer = FrameComposer.of(config.video());
            AtomicReference<VideoStreamOutput> self = new AtomicReference<>();
            List<RtmpPublisher> publishers = new ArrayList<>();
            publishers.add(new RtmpPublisher(nginx.url("paper"), RtmpPublisher.Options.defaults()
                    .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)), Clock.systemUTC(), state -> {
                        if (state == RtmpPublisher.State.PUBLISHING && self.get() != null) {
                            self.get().requestKeyframe();
                        }
                    }));
            VideoStreamOutput video = new VideoStreamOutput(config.video(), config.audio().sampleRate(),
                    new Scenery(store, SceneSettings.of(config, composer)), composer, List::of, publishers,
                    Clock.systemUTC());
            self.set(video);
            int rate = config.audio().sampleRate();
            PlayoutClock air = new PlayoutClock(store, ready, config.playout(), config.audio(), config.hosts(),
                    new Ident("Test Radio", AirFixtures.pcm(1.0, 880)), Interval.chimes(rate), List.of(video),
                    Clock.systemUTC());
            RtmpPublisher publisher = publishers.get(0);
            video.start();
            air.start();
            try {
                Await.until("publishing", Duration.ofSeconds(10),
                        () -> publisher.state() == RtmpPublisher.State.PUBLISHING);
                Thread.sleep(75_000); // a minute and a quarter of the air, then the server goes away
                nginx.restart();
                Await.until("a reconnect", Duration.ofSeconds(10), () -> publisher.reconnects() >= 1
                        && publisher.state() == RtmpPublisher.State.PUBLISHING);
                Thread.sleep(40_000);
            } finally {
                air.stop();
                video.close();
            }
            assertThat(video.droppedBlocks()).as("the encoder kept up with the air").isZero();

            List<Path> recordings = nginx.recordings();
            assertThat(recordings).as(nginx.errorLog()).hasSizeGreaterThanOrEqualTo(2);
            Path first = recordings.get(0);
            JsonNode streams = probe("-show_streams", first).path("streams");
            JsonNode v = stream(streams, "video");
            JsonNode a = stream(streams, "audio");
            assertThat(v.path("codec_name").asText()).isEqualTo("h264");
            assertThat(v.path("width").asInt()).isEqualTo(WIDTH);
            assertThat(v.path("height").asInt()).isEqualTo(HEIGHT);
            assertThat(v.path("r_frame_rate").asText()).isEqualTo("30/1");
            assertThat(a.path("codec_name").asText()).isEqualTo("mp3");

            // keyframes every 2 s (60 frames), counted from the first
            List<Double> keys = new ArrayList<>();
            List<Double> frames = new ArrayList<>();
            for (JsonNode f : probe("-select_streams v -show_frames -show_entries frame=key_frame,pts_time", first)
                    .path("frames")) {
                frames.add(f.path("pts_time").asDouble());
                if (f.path("key_frame").asInt() == 1) {
                    keys.add(f.path("pts_time").asDouble());
                }
            }
            assertThat(frames.size()).as("about 75 s of 30 fps video").isGreaterThan(70 * 30);
            assertThat(keys.size()).isGreaterThanOrEqualTo(35);
            // a keyframe every 2 s; besides those, one asked for when the publisher connected
            // (it restarts the 2 s count), so at most one shorter gap
            int requested = 0;
            for (int i = 1; i < keys.size(); i++) {
                double gap = keys.get(i) - keys.get(i - 1);
                if (gap < 1.9) {
                    requested++;
                    continue;
                }
                assertThat(gap).as("keyframe interval").isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
            }
            assertThat(requested).as("keyframes out of the 2 s rhythm").isLessThanOrEqualTo(1);
            // audio and video end together: drift under 100 ms after the whole recording
            double videoEnd = frames.get(frames.size() - 1);
            double audioEnd = lastPacket(first, "a");
            assertThat(Math.abs(videoEnd - audioEnd)).as("a/v drift in seconds").isLessThan(0.1);

            // both recordings decode without an error, the one after the restart included
            for (Path rec : recordings) {
                assertThat(ffmpegErrors(rec)).as("decoding " + rec.getFileName()).isEmpty();
            }
            Path second = recordings.get(recordings.size() - 1);
            assertThat(probe("-select_streams v -show_frames -show_entries frame=key_frame", second).path("frames"))
                    .as("video continues after the reconnect").hasSizeGreaterThan(30 * 30);
        }
    }

    @Test
    void withAacTheAudioIsHandedToFfmpegAndTheVideoPassesThrough() throws Exception {
        try (NginxRtmp nginx = NginxRtmp.start(dir.resolve("nginx"))) {
            StationConfig config = new ConfigLoader().parse("station: {name: Test Radio}\n"
                    + "video: {enabled: true, width: 320, height: 180, fps: 30, bitrate: 300, audio: aac}\n", "test");
            PaperStore store = new PaperStore(dir.resolve("data"), Clock.systemUTC());
            ReadyQueue ready = new ReadyQueue(store, Duration.ofMinutes(5));
            ready.accept(AirFixtures.voicedPaper(store, "2601.00003v1", "A paper about tones", 20, 330));
            FrameComposer composer = FrameComposer.of(config.video());
            RtmpPublisher publisher = new RtmpPublisher(nginx.url("aac"), RtmpPublisher.Options.defaults(),
                    Clock.systemUTC());
            VideoStreamOutput video = new VideoStreamOutput(config.video(), config.audio().sampleRate(),
                    new Scenery(store, SceneSettings.of(config, composer)), composer, List::of, List.of(publisher),
                    Clock.systemUTC());
            PlayoutClock air = new PlayoutClock(store, ready, config.playout(), config.audio(), config.hosts(),
                    new Ident("Test Radio", AirFixtures.pcm(1.0, 880)), Interval.chimes(config.audio().sampleRate()),
                    List.of(video), Clock.systemUTC());
            video.start();
            air.start();
            try {
                Thread.sleep(12_000);
            } finally {
                air.stop();
                video.close();
            }
            Path rec = nginx.recordings().get(0);
            JsonNode streams = probe("-show_streams", rec).path("streams");
            assertThat(stream(streams, "audio").path("codec_name").asText()).isEqualTo("aac");
            assertThat(stream(streams, "audio").path("profile").asText()).isEqualTo("LC");
            assertThat(stream(streams, "video").path("codec_name").asText()).isEqualTo("h264");
            assertThat(ffmpegErrors(rec)).isEmpty();
            assertThat(lastPacket(rec, "a")).as("seconds of AAC audio").isGreaterThan(6);
        }
    }

    private static JsonNode stream(JsonNode streams, String type) {
        for (JsonNode s : streams) {
            if (type.equals(s.path("codec_type").asText())) {
                return s;
            }
        }
        throw new AssertionError("no " + type + " stream in " + streams);
    }

    private static double lastPacket(Path file, String stream) throws Exception {
        double last = 0;
        for (JsonNode p : probe("-select_streams " + stream + " -show_packets -show_entries packet=pts_time", file)
                .path("packets")) {
            last = Math.max(last, p.path("pts_time").asDouble());
        }
        return last;
    }

    private static JsonNode probe(String args, Path file) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "json"));
        cmd.addAll(List.of(args.split(" ")));
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Json.mapper().readTree(out);
    }

    private static String ffmpegErrors(Path file) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.strip();
    }
}
