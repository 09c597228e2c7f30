package org.paperradio.tts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    @ParameterizedTest
    @CsvSource({"48000,44100", "44100,48000", "48000,22050", "16000,44100", "48000,24000"})
    void keepsToneFrequencyLevelAndLength(int from, int to) {
        Pcm in = Signals.sine(1000, 0.5, 1.0, from);
        Pcm out = Resampler.resample(in, to);

        assertThat(out.sampleRate()).isEqualTo(to);
        assertThat(out.length()).isCloseTo(to, within(2));
        assertThat(Signals.toneAmplitude(out, 1000)).isCloseTo(0.5, within(0.01));
        // nothing else appears: all the power is in the tone
        assertThat(out.rms()).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
        assertThat(Signals.toneAmplitude(out, 1100)).isLessThan(0.005);
    }

    @Test
    void removesWhatTheLowerRateCannotCarryInsteadOfFoldingItBack() {
        // 23 kHz fits at 48 kHz but not at 44.1 kHz, where it would alias to 21.1 kHz
        Pcm in = Signals.sine(23_000, 0.5, 1.0, 48_000);
        Pcm out = Resampler.resample(in, 44_100);

        assertThat(Signals.toneAmplitude(out, 44_100 - 23_000)).isLessThan(0.005);
        assertThat(out.rms()).isLessThan(0.005);
    }

    @Test
    void passesTheAudibleBandAlmostFlat() {
        Pcm out = Resampler.resample(Signals.sine(15_000, 0.5, 1.0, 48_000), 44_100);
        assertThat(Signals.toneAmplitude(out, 15_000)).isCloseTo(0.5, within(0.03));
    }

    @Test
    void sameRateIsANoOpAndSilenceStaysSilent() {
        Pcm in = Signals.sine(440, 0.3, 0.1, 44_100);
        assertThat(Resampler.resample(in, 44_100)).isSameAs(in);
        Pcm silence = Resampler.resample(Pcm.silence(Duration.ofMillis(500), 48_000), 44_100);
        assertThat(silence.peak()).isZero();
        assertThat(silence.duration().toMillis()).isCloseTo(500, within(1L));
        assertThat(Resampler.resample(Pcm.empty(48_000), 44_100).length()).isZero();
    }

    @Test
    void fullScaleInputDoesNotWrapAround() {
        short[] square = new short[4800];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 24) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        Pcm out = Resampler.resample(new Pcm(square, 48_000), 44_100);
        // a band-limited square overshoots (Gibbs); it must saturate, not flip sign
        for (int i = 10; i < out.length() - 10; i++) {
            int expectedSign = Integer.signum(square[(int) ((long) i * 48_000 / 44_100)]);
            if (Math.abs(out.samples()[i]) > 30_000) {
                assertThat(Integer.signum(out.samples()[i])).isEqualTo(expectedSign);
            }
        }
    }
}
