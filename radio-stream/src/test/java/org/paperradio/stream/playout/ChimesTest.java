package org.paperradio.stream.playout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.paperradio.tts.audio.Pcm;

class ChimesTest {

    @Test
    void theIntervalSignalIsSoftButNeverSilent() {
        Pcm pcm = Interval.chimes(44100).pcm();
        assertThat(pcm.duration()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        assertThat(pcm.rms()).isBetween(0.01, 0.2);
        assertThat(pcm.peak()).isLessThan(0.6);
        // no stretch of 100 ms is quieter than a whisper
        int window = 4410;
        short[] s = pcm.samples();
        for (int at = 0; at + window <= s.length; at += window) {
            short[] part = java.util.Arrays.copyOfRange(s, at, at + window);
            assertThat(new Pcm(part, 44100).rms()).as("rms at %d ms", at * 1000 / 44100).isGreaterThan(0.003);
        }
    }

    @Test
    void theChimeIdentIsShortAndAudible() {
        Ident ident = Ident.chime("Paper Radio", 48000);
        assertThat(ident.title()).isEqualTo("Paper Radio");
        assertThat(ident.pcm().sampleRate()).isEqualTo(48000);
        assertThat(ident.length()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(ident.pcm().rms()).isGreaterThan(0.02);
        assertThat(ident.pcm().peak()).isLessThan(0.9);
    }
}
