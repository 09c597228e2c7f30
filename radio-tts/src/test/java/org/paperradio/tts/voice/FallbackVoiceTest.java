package org.paperradio.tts.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Signals;
import org.paperradio.tts.audio.WavFiles;

/**
 * A speech server as primary (MockWebServer on loopback) with a tone voice standing in for
 * MaryTTS: failures go to the fallback, the cool-down keeps the primary alone, and it is used
 * again afterwards.
 */
class FallbackVoiceTest {

    private static final double PRIMARY_HZ = 440;
    private static final double FALLBACK_HZ = 300;

    private final MockWebServer server = new MockWebServer();
    /** What the server answers every request with, until changed. */
    private volatile Supplier<MockResponse> answer = () -> new MockResponse().setResponseCode(503);
    private HttpSpeechVoice primary;
    private ToneVoice fallback;
    private MutableClock clock;
    private FallbackVoice voice;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.get();
            }
        });
        server.start();
        primary = new HttpSpeechVoice(HttpSpeechVoiceTest.settings(HttpSpeechVoiceTest.base(server), null, "wav", Duration.ofSeconds(5)));
        fallback = new ToneVoice(FALLBACK_HZ, 22_050); // MARY's rate differs from the station's too
        clock = new MutableClock(Instant.parse("2026-11-24T06:00:00Z"));
        voice = new FallbackVoice(primary, fallback, clock);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private void always(Supplier<MockResponse> a) {
        answer = a;
    }

    private int drained() throws InterruptedException {
        return HttpSpeechVoiceTest.drained(server).size();
    }

    private static MockResponse good() {
        return HttpSpeechVoiceTest.answer(200, "audio/wav", WavFiles.toBytes(Signals.sine(PRIMARY_HZ, 0.5, 0.5, 24_000)));
    }

    private static MockResponse down() {
        return HttpSpeechVoiceTest.answer(500, "text/plain", "CUDA out of memory".getBytes(StandardCharsets.UTF_8));
    }

    /** Which voice the audio came from, by its tone; and it must be at the station rate. */
    private static double spoken(Pcm pcm) {
        assertThat(pcm.sampleRate()).isEqualTo(HttpSpeechVoiceTest.STATION_RATE);
        assertThat(pcm.duration().toMillis()).isCloseTo(500, within(5L));
        double f = HttpSpeechVoiceTest.frequency(pcm);
        assertThat(f).satisfiesAnyOf(x -> assertThat(x).isCloseTo(PRIMARY_HZ, within(3.0)),
                x -> assertThat(x).isCloseTo(FALLBACK_HZ, within(3.0)));
        return Math.round(f / 10) * 10;
    }

    @Test
    void aHealthyPrimarySpeaksAndTheFallbackIsNotAsked() throws Exception {
        always(FallbackVoiceTest::good);
        assertThat(spoken(voice.speak("One."))).isEqualTo(PRIMARY_HZ);
        assertThat(spoken(voice.speak("Two."))).isEqualTo(PRIMARY_HZ);
        assertThat(fallback.calls).hasValue(0);
        assertThat(voice.sampleRate()).isEqualTo(HttpSpeechVoiceTest.STATION_RATE);
        assertThat(voice.name()).contains(primary.name()).contains("fallback " + fallback.name());
        assertThat(voice.status()).isEqualTo(new FallbackVoice.Status(true, 0, 0, 0));
    }

    @Test
    void aFailingPrimaryIsReplacedAndLeftAloneForTheCoolDownThenUsedAgain() throws Exception {
        always(FallbackVoiceTest::down);

        assertThat(spoken(voice.speak("One."))).isEqualTo(FALLBACK_HZ);
        assertThat(drained()).isEqualTo(1);
        assertThat(voice.status()).isEqualTo(new FallbackVoice.Status(false, 1, 1, 1));

        // within the cool-down the server is not asked at all
        clock.advance(Duration.ofSeconds(14));
        assertThat(spoken(voice.speak("Two."))).isEqualTo(FALLBACK_HZ);
        assertThat(drained()).isZero();

        // after it, the server is back
        always(FallbackVoiceTest::good);
        clock.advance(Duration.ofSeconds(1));
        assertThat(voice.primaryAvailable()).isTrue();
        assertThat(spoken(voice.speak("Three."))).isEqualTo(PRIMARY_HZ);
        assertThat(drained()).isEqualTo(1);
        assertThat(voice.status()).isEqualTo(new FallbackVoice.Status(true, 0, 1, 2));
        assertThat(fallback.calls).hasValue(2);
    }

    @Test
    void theCoolDownDoublesWhileFailuresGoOnAndStartsOverAfterASuccess() throws Exception {
        always(FallbackVoiceTest::down);
        voice.speak("One.");                       // down for 15 s
        clock.advance(Duration.ofSeconds(15));
        voice.speak("Two.");                       // asked again, fails: down for 30 s
        assertThat(drained()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(29));
        voice.speak("Three.");
        assertThat(drained()).isZero();
        clock.advance(Duration.ofSeconds(1));
        voice.speak("Four.");                      // fails again: down for 60 s
        assertThat(drained()).isEqualTo(1);
        assertThat(voice.status().failuresInARow()).isEqualTo(3);
        assertThat(voice.status().outages()).as("one outage, however many failures").isEqualTo(1);

        clock.advance(Duration.ofSeconds(59));
        assertThat(voice.primaryAvailable()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        always(FallbackVoiceTest::good);
        assertThat(spoken(voice.speak("Five."))).isEqualTo(PRIMARY_HZ);

        // a new outage starts again at 15 s
        always(FallbackVoiceTest::down);
        voice.speak("Six.");
        assertThat(voice.status().outages()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(15));
        assertThat(voice.primaryAvailable()).isTrue();
    }

    @Test
    void theCoolDownIsCapped() throws Exception {
        FallbackVoice capped = new FallbackVoice(primary, fallback, clock, Duration.ofSeconds(1), Duration.ofSeconds(4));
        always(FallbackVoiceTest::down);
        for (int i = 0; i < 6; i++) {
            capped.speak("Again.");
            clock.advance(Duration.ofSeconds(4)); // never more than the cap
        }
        assertThat(drained()).isEqualTo(6);
    }

    @Test
    void whenBothFailTheErrorNamesBoth() {
        always(FallbackVoiceTest::down);
        fallback.failing = true;
        assertThatThrownBy(() -> voice.speak("One."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining(fallback.name())
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("CUDA out of memory");
        // while the primary cools down, the message says so
        assertThatThrownBy(() -> voice.speak("Two."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("cooling down");
    }

    /** A voice that says a tone for half a second, or fails on request: stands in for MaryTTS. */
    private static final class ToneVoice implements Voice {
        final double hz;
        final int rate;
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean failing;

        ToneVoice(double hz, int rate) {
            this.hz = hz;
            this.rate = rate;
        }

        @Override
        public String name() {
            return "tone-" + (int) hz;
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public Pcm speak(String text) throws VoiceException {
            calls.incrementAndGet();
            if (failing) {
                throw new VoiceException("tone voice is broken");
            }
            return Signals.sine(hz, 0.5, 0.5, rate);
        }
    }
}
