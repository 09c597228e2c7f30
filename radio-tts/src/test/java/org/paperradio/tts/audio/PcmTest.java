package org.paperradio.tts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PcmTest {

    @Test
    void silenceDurationAndTimeAreConsistent() {
        Pcm s = Pcm.silence(Duration.ofMillis(350), 44_100);
        assertThat(s.length()).isEqualTo(15_435);
        assertThat(s.duration()).isEqualTo(Duration.ofMillis(350));
        assertThat(s.rms()).isZero();
        assertThat(Pcm.timeOf(44_100, 44_100)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Pcm.silence(Duration.ofMillis(-5), 8000).length()).isZero();
    }

    @Test
    void trimKeepsAPadAroundTheSound() {
        PcmBuilder b = new PcmBuilder(48_000);
        b.appendSilence(Duration.ofMillis(500)).append(Signals.sine(300, 0.5, 0.2, 48_000)).appendSilence(Duration.ofMillis(700));
        Pcm t = b.build().trimmed(0.003, Duration.ofMillis(40));
        assertThat(t.duration().toMillis()).isCloseTo(280, within(3L));
        assertThat(Pcm.silence(Duration.ofSeconds(1), 48_000).trimmed(0.003, Duration.ofMillis(40)).isEmpty()).isTrue();
    }

    @Test
    void gainSaturatesAndLevelsAreMeasured() {
        Pcm tone = Signals.sine(440, 0.5, 0.5, 48_000);
        assertThat(tone.peak()).isCloseTo(0.5, within(0.001));
        assertThat(tone.activeRms(0.01)).isCloseTo(0.3536, within(0.001));
        Pcm loud = tone.withGain(4);
        assertThat(loud.peak()).isCloseTo(1.0, within(0.001));
        for (int i = 0; i < tone.length(); i++) {
            assertThat(Integer.signum(loud.samples()[i])).isEqualTo(Integer.signum(tone.samples()[i]));
        }
        PcmBuilder withPause = new PcmBuilder(48_000).append(tone).appendSilence(Duration.ofSeconds(2));
        assertThat(withPause.build().activeRms(0.01)).isCloseTo(tone.activeRms(0.01), within(0.01));
        assertThat(withPause.duration()).isEqualTo(Duration.ofMillis(2500));
    }
}
