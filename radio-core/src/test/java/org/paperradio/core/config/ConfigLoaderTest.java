package org.paperradio.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void emptyFileMeansDefaults() throws Exception {
        StationConfig c = loader.parse("", "station.yaml");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.hosts()).hasSize(2);
        assertThat(c.arxiv().minRequestInterval()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void readsFriendlyUnits() throws Exception {
        StationConfig c = loader.parse("""
                arxiv:
                  pollInterval: 15m
                  minRequestInterval: 500ms
                pdf:
                  maxBytes: 20MB
                playout:
                  readyAhead: PT2M
                """, "station.yaml");
        assertThat(c.arxiv().pollInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.arxiv().minRequestInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.pdf().maxBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(c.playout().readyAhead()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void unknownKeyIsReportedWithFileLineAndKnownKeys() {
        assertThatThrownBy(() -> loader.parse("""
                station:
                  name: Test
                arxiv:
                  pollIntervall: 15m
                """, "config/station.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/station.yaml:4")
                .hasMessageContaining("arxiv.pollIntervall")
                .hasMessageContaining("pollInterval");
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertThatThrownBy(() -> loader.parse("arxiv:\n  pollInterval: soon\n", "s.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s.yaml:2")
                .hasMessageContaining("arxiv.pollInterval")
                .hasMessageContaining("expected e.g. 500ms");
        assertThatThrownBy(() -> loader.parse("station:\n  name: x\nhttp:\n  bind: 127.0.0.1\n  port: 70000\n"
                + "audio:\n  mp3Bitrate: 96\n", "s.yaml"))
                .hasMessageContaining("s.yaml:5:")
                .hasMessageContaining("port must be between 0 and 65535");
        assertThatThrownBy(() -> loader.parse("pipeline:\n  workers: {fecth: 2}\n", "s.yaml"))
                .hasMessageContaining("unknown stage 'fecth'")
                .hasMessageContaining("fetch, extract, index, summarize, write, voice");
        assertThatThrownBy(() -> loader.parse("arxiv:\n  categories: [\"cs AI\"]\n", "s.yaml"))
                .hasMessageContaining("not an arXiv category");
        assertThatThrownBy(() -> loader.parse("arxiv:\n  apiUrl: ftp://x/\n", "s.yaml"))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> loader.parse("hosts:\n  - id: a\n  - id: a\n", "s.yaml"))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> loader.parse("station:\n  name: a: b\n", "s.yaml"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void theLlmScheduleAndSelectionSectionsAreChecked() {
        assertThatThrownBy(() -> loader.parse("llm:\n  provider: openia\n", "s.yaml"))
                .hasMessageContaining("s.yaml:2").hasMessageContaining("provider must be one of none, openai, ollama");
        assertThatThrownBy(() -> loader.parse("llm:\n  provider: openai\n  apiKeyEnv: sk-abc123\n", "s.yaml"))
                .hasMessageContaining("s.yaml:3").hasMessageContaining("must name an environment variable");
        assertThatThrownBy(() -> loader.parse("schedule:\n  shows:\n    - {show: daily, cron: \"0 25 * * *\"}\n", "s.yaml"))
                .hasMessageContaining("hour");
        assertThatThrownBy(() -> loader.parse("schedule:\n  shows:\n    - {show: monthly, cron: \"0 1 * * *\"}\n", "s.yaml"))
                .hasMessageContaining("show must be daily or weekly");
        assertThatThrownBy(() -> loader.parse("schedule:\n  timezone: Mars/Olympus\n", "s.yaml"))
                .hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> loader.parse("selection:\n  novelty: -1\n", "s.yaml"))
                .hasMessageContaining("novelty must be between");
    }

    @Test
    void theVideoRtmpAndTwitchSectionsAreChecked() throws Exception {
        assertThatThrownBy(() -> loader.parse("video:\n  fps: 24\n", "s.yaml"))
                .hasMessageContaining("s.yaml:2").hasMessageContaining("fps must be 25, 30, 50 or 60");
        assertThatThrownBy(() -> loader.parse("rtmp:\n  - name: a\n    url: http://x/app\n", "s.yaml"))
                .hasMessageContaining("rtmp:// URL");
        assertThatThrownBy(() -> loader.parse("rtmp:\n  - {name: a, url: rtmp://x/app}\n  - {name: a, url: rtmp://y/app}\n",
                "s.yaml")).hasMessageContaining("used twice");
        assertThatThrownBy(() -> loader.parse("twitch:\n  channel: \"no spaces allowed\"\n", "s.yaml"))
                .hasMessageContaining("Twitch login name");
        StationConfig c = loader.parse("rtmp:\n  - {name: twitch, url: rtmp://live.twitch.tv/app, keyEnv: TWITCH_STREAM_KEY}\n",
                "s.yaml");
        assertThat(c.rtmp().get(0).maxSession()).isEqualTo(java.time.Duration.ofHours(47));
        assertThat(c.video().enabled()).isFalse();
    }

    @Test
    void promptsAreFoundNextToTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conf").resolve("station.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "writer:\n  segmentMinutes: 3\n");
        StationConfig c = loader.load(file);
        assertThat(c.writer().prompts()).isEqualTo(dir.resolve("conf").resolve("prompts").toAbsolutePath());
        assertThat(c.llm().enabled()).isFalse();
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"))).hasMessageContaining("no such config file");
    }

    @Test
    void theShippedConfigIsValid() throws Exception {
        Path shipped = Path.of("../config/station.yaml");
        assertThat(shipped).exists();
        StationConfig c = loader.load(shipped);
        assertThat(c.hosts()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Files.readString(shipped)).doesNotContainIgnoringCase("apikey:");
        assertThat(c.sound().loudness()).isEqualTo(-16.0);
        assertThat(c.hosts().get(1).rate()).isEqualTo(0.95);
        assertThat(c.speech().lexicon()).as("resolved against the config folder").isAbsolute()
                .isEqualTo(shipped.toAbsolutePath().getParent().resolve("lexicon.yaml"));
        assertThat(c.speech().server().voices()).containsKeys("ada", "ben");
    }

    @Test
    void soundAndSpeechMistakesNameTheKey() {
        assertThatThrownBy(() -> loader.parse("sound:\n  loudness: -3\n", "s.yaml"))
                .hasMessageContaining("s.yaml:2").hasMessageContaining("'sound'").hasMessageContaining("loudness must be between -36 and -8");
        assertThatThrownBy(() -> loader.parse("sound:\n  transition: wipe\n", "s.yaml"))
                .hasMessageContaining("transition must be sting or fade");
        assertThatThrownBy(() -> loader.parse("speech:\n  backend: server\n", "s.yaml"))
                .hasMessageContaining("speech.server.baseUrl");
        assertThatThrownBy(() -> loader.parse("speech:\n  server:\n    voices: {zed: x}\n", "s.yaml"))
                .hasMessageContaining("'zed'");
        assertThatThrownBy(() -> loader.parse("hosts:\n  - id: a\n    rate: 3\n  - id: b\n", "s.yaml"))
                .hasMessageContaining("rate must be between 0.5 and 2.0");
    }
}
