package org.paperradio.tts.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.tts.audio.Pcm;

/** True peak by 4x oversampling: finds the peaks between samples. */
class TruePeakMeterTest {

    @TempDir
    Path dir;

    @Test
    void findsThePeakBetweenSamples() throws Exception {
        int rate = 48_000;
        // fs/4 with a 45 degree phase: every sample sits at 0.707 of the real peak (3 dB under it)
        double[] x = new double[rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * Math.sin(Math.PI / 2 * i + Math.PI / 4);
        }
        fade(x, rate / 50); // an abrupt start would ring above the tone's own peak
        Pcm pcm = TestAudio.pcm(x, rate);
        double samplePeakDb = 20 * Math.log10(pcm.peak());
        double truePeak = TruePeakMeter.measure(pcm);
        assertThat(samplePeakDb).isCloseTo(-9.03, within(0.05));
        assertThat(truePeak).isCloseTo(-6.02, within(0.2));
        assertThat(truePeak).isCloseTo(Ffmpeg.measure(pcm, dir).truePeakDbtp(), within(0.3));
    }

    private static void fade(double[] x, int n) {
        for (int i = 0; i < n; i++) {
            double g = 0.5 - 0.5 * Math.cos(Math.PI * i / n);
            x[i] *= g;
            x[x.length - 1 - i] *= g;
        }
    }

    @Test
    void isNeverBelowTheSamplePeakAndSilenceHasNone() {
        Pcm pcm = TestAudio.pcm(TestAudio.pink(0.2, 2, 44_100, 11), 44_100);
        assertThat(TruePeakMeter.measure(pcm)).isGreaterThanOrEqualTo(20 * Math.log10(pcm.peak()));
        assertThat(TruePeakMeter.measure(Pcm.empty(44_100))).isEqualTo(Loudness.SILENCE);
        assertThat(TruePeakMeter.measure(new Pcm(new short[1000], 44_100))).isEqualTo(Loudness.SILENCE);
    }

    @Test
    void aSingleSampleAtTheEndIsCounted() {
        short[] s = new short[100];
        s[99] = 16384; // -6 dBFS, last sample: the filter's tail must still see it
        assertThat(TruePeakMeter.measure(new Pcm(s, 48_000))).isGreaterThanOrEqualTo(-6.03);
    }
}
