package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.stream.rtmp.NginxRtmp;

/**
 * The station with video on, wired from config: its RTMP output (key from the environment)
 * publishes to nginx-rtmp on loopback, which records H.264 at the configured size with MP3 audio;
 * the key appears in no file the station wrote.
 */
class StationVideoTest {

    @TempDir
    Path dir;

    @Test
    void theStationPublishesItsVideoToTheConfiguredRtmpOutput() throws Exception {
        try (FakeArxiv arxiv = new FakeArxiv(); NginxRtmp nginx = NginxRtmp.start(dir.resolve("nginx"))) {
            StationRun.serveGood(arxiv, 0);
            Path data = dir.resolve("data");
            String base = nginx.url("k").substring(0, nginx.url("k").length() - 2);
            String yaml = StationRun.config(arxiv.base(), data) + """
                    video: {enabled: true, width: 320, height: 180, fps: 30, bitrate: 300}
                    rtmp:
                      - {name: local, url: "%s", keyEnv: TEST_STREAM_KEY}
                      - {name: backup, url: "%s", keyEnv: BACKUP_STREAM_KEY}
                      - {name: nokey, url: "%s", keyEnv: UNSET_STREAM_KEY}
                    """.formatted(base, base, base);
            StationConfig config = new ConfigLoader().parse(yaml, "test.yaml");
            try (Station station = new Station(config, Clock.systemUTC(), Map.of("TEST_STREAM_KEY", "sekrit_key_42", "BACKUP_STREAM_KEY", "backup_key_7")::get)) {
                station.start();
                StationRun.await("a recording of each output", Duration.ofSeconds(30), () -> {
                    try {
                        List<Path> r = nginx.recordings();
                        return r.size() == 2 && Files.size(r.get(0)) > 50_000 && Files.size(r.get(1)) > 50_000;
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
            // two outputs at once; the one whose key variable is unset is off
            assertThat(nginx.recordings()).hasSize(2);
            Path rec = nginx.recordings().stream().filter(r -> r.getFileName().toString().startsWith("sekrit_key_42"))
                    .findFirst().orElseThrow(); // nginx names a recording by its stream key
            assertThat(nginx.recordings()).anyMatch(r -> r.getFileName().toString().startsWith("backup_key_7"));
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", rec.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("h264,320,180").contains("mp3");
            try (var files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (f.toString().endsWith(".log") || f.toString().endsWith(".json")) {
                        assertThat(Files.readString(f)).as(f.toString()).doesNotContain("sekrit_key_42");
                    }
                }
            }
        }
    }
}
