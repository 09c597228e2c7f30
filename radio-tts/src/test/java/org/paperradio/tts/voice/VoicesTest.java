package org.paperradio.tts.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.text.Lexicon;

/** The hosts' voices from config: MaryTTS with each host's pace, or a speech server with MaryTTS behind it. */
class VoicesTest {

    private static final String TEXT = "The model reads every paper on the list before the show begins.";

    private static StationConfig.Host host(String id, double rate) {
        return new StationConfig.Host(id, id, null, null, null, rate, 0.0);
    }

    @Test
    void aHostsRateSetsItsPace() throws Exception {
        Voices voices = Voices.mary(List.of(host("slow", 0.7), host("fast", 1.3)), Lexicon.defaults());

        Pcm slow = voices.forHost("slow").speak(TEXT);
        Pcm fast = voices.forHost("fast").speak(TEXT);

        double ratio = (double) slow.length() / fast.length();
        assertThat(ratio).as("slow %s vs fast %s", slow.duration(), fast.duration()).isBetween(1.4, 2.2);
        assertThat(Voices.effectsOf(new StationConfig.Host("x", "X", null, "F0Add(f0Add:-70)", null, 1.0, 2.0)))
                .isEqualTo("F0Add(f0Add:-70)+F0Add(f0Add:20.8)");
        assertThat(Voices.effectsOf(host("y", 1.0))).isEmpty();
    }

    @Test
    void theServerBackendSpeaksWithEachHostsVoiceAndMaryWhenItFails() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            Pcm tone = new Pcm(new short[24_000], 24_000);
            for (int i = 0; i < tone.samples().length; i++) {
                tone.samples()[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 24_000.0));
            }
            server.enqueue(new MockResponse().setBody(new Buffer().write(WavFiles.toBytes(tone))));
            server.enqueue(new MockResponse().setResponseCode(500).setBody("overloaded"));
            server.start();
            StationConfig config = new ConfigLoader().parse("""
                    audio: {sampleRate: 44100}
                    speech:
                      backend: server
                      server:
                        baseUrl: %s
                        model: kokoro
                        apiKeyEnv: TEST_SPEECH_KEY
                        voices: {ada: af_bella, ben: am_adam}
                    """.formatted(server.url("/").toString()), "test.yaml");

            Voices voices = Voices.create(config, Lexicon.defaults(), Map.of("TEST_SPEECH_KEY", "sk-test")::get,
                    Clock.systemUTC());

            Pcm fromServer = voices.forHost("ben").speak("Hello there.");
            assertThat(fromServer.sampleRate()).isEqualTo(44_100);
            assertThat(fromServer.duration()).isCloseTo(Duration.ofSeconds(1), Duration.ofMillis(20));
            RecordedRequest asked = server.takeRequest();
            assertThat(asked.getPath()).isEqualTo("/v1/audio/speech");
            assertThat(asked.getHeader("Authorization")).isEqualTo("Bearer sk-test");
            assertThat(asked.getBody().readUtf8()).contains("\"voice\":\"am_adam\"").contains("\"model\":\"kokoro\"");

            Pcm fallback = voices.forHost("ada").speak("Hello there.");
            assertThat(server.takeRequest().getBody().readUtf8()).contains("\"voice\":\"af_bella\"");
            assertThat(fallback.isEmpty()).as("MaryTTS spoke when the server failed").isFalse();
            assertThat(fallback.sampleRate()).isEqualTo(44_100);
            assertThat(voices.forHost("ada").name()).contains("fallback");
        }
    }
}
