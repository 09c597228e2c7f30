package org.paperradio.tts.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Signals;
import org.paperradio.tts.loudness.LoudnessNormalizer.Outcome;
import org.paperradio.tts.loudness.LoudnessNormalizer.Result;
import org.paperradio.tts.loudness.LoudnessNormalizer.Settings;

/** Normalisation checked by ffmpeg's ebur128: loudness on target, true peak under the ceiling. */
class LoudnessNormalizerTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"speech,0.2,44100", "speech,0.9,22050", "pink,0.03,48000", "pink,0.25,44100", "peaky,0,44100"})
    void reachesTheTargetUnderTheCeilingAsFfmpegMeasuresIt(String kind, double level, int rate) throws Exception {
        Pcm in = TestAudio.pcm(switch (kind) {
            case "speech" -> TestAudio.speech(level, 10, rate, 21);
            case "pink" -> TestAudio.pink(level, 8, rate, 22);
            default -> peaky(rate);
        }, rate);
        Result r = new LoudnessNormalizer().normalize(in);
        Ffmpeg.Measurement m = Ffmpeg.measure(r.pcm(), dir);

        assertThat(r.report().outcome()).isEqualTo(Outcome.NORMALIZED);
        assertThat(m.integratedLufs()).as("ffmpeg loudness, report %s", r.report()).isCloseTo(-16, within(1.0));
        assertThat(r.report().outputLufs()).isCloseTo(-16, within(0.3));
        // ffmpeg prints to 0.1 dB: -1.1 or lower is surely under the -1 dBTP ceiling
        assertThat(m.truePeakDbtp()).as("ffmpeg true peak, report %s", r.report()).isLessThanOrEqualTo(-1.05);
        assertThat(r.report().outputTruePeakDbtp()).isLessThan(-1.0);
        assertThat(r.report().inputLufs()).isCloseTo(Ffmpeg.measure(in, dir).integratedLufs(), within(0.2));
        assertThat(r.pcm().sampleRate()).isEqualTo(rate);
        assertThat(r.pcm().length()).isEqualTo(in.length());
    }

    @Test
    void loudPeakyInputIsLimitedNotClipped() throws Exception {
        Result r = new LoudnessNormalizer().normalize(TestAudio.pcm(peaky(44_100), 44_100));
        assertThat(r.report().limitingDb()).isLessThan(-3); // the peaks needed the limiter
        assertThat(r.report().inputTruePeakDbtp()).isGreaterThan(-0.5);
        assertThat(r.pcm().peak()).isLessThan(0.9); // nothing near full scale
    }

    @Test
    void otherTargetsAndCeilings() throws Exception {
        Settings s = Settings.defaults().withTarget(-23).withCeiling(-3);
        Result r = new LoudnessNormalizer(s).normalize(TestAudio.pcm(TestAudio.speech(0.9, 8, 48_000, 23), 48_000));
        Ffmpeg.Measurement m = Ffmpeg.measure(r.pcm(), dir);
        assertThat(m.integratedLufs()).isCloseTo(-23, within(0.5));
        assertThat(m.truePeakDbtp()).isLessThanOrEqualTo(-3.05);
    }

    @Test
    void theLimiterMakesNoClicks() {
        int rate = 44_100;
        // a 100 Hz tone at -20 dBFS that jumps by 20 dB for 20 ms each second (2 ms raised-cosine edges,
        // so the input itself has no sharp corner)
        double[] x = TestAudio.sine(100, 0.1, 5, rate);
        int edge = rate / 500;
        for (int start = rate / 2; start + rate / 10 < x.length; start += rate) {
            for (int i = 0; i < rate / 50; i++) {
                double up = i < edge ? 0.5 - 0.5 * Math.cos(Math.PI * i / edge) : 1;
                double down = i >= rate / 50 - edge ? 0.5 - 0.5 * Math.cos(Math.PI * (rate / 50 - i) / edge) : 1;
                x[start + i] *= 1 + 9 * Math.min(up, down);
            }
        }
        Pcm in = TestAudio.pcm(x, rate);
        Result r = new LoudnessNormalizer().normalize(in);
        assertThat(r.report().limitingDb()).isLessThan(-4);

        // a 100 Hz tone at the ceiling steps by at most 0.0127 a sample; the gain ramp adds little
        assertThat(TestAudio.maxJump(r.pcm())).isLessThan(0.02);
        // a click is a corner: none sharper than those of the input (its 2 ms edges) after the gain
        assertThat(maxCorner(r.pcm())).isLessThan(Math.min(0.002, maxCorner(in) * Math.pow(10, r.report().gainDb() / 20)));
        // a hard clipper at the same level has sharp corners (so this test can fail)
        Pcm clipped = hardClip(in, Math.pow(10, r.report().gainDb() / 20), 0.85);
        assertThat(maxCorner(clipped)).isGreaterThan(0.005);
    }

    @Test
    void silenceAndEmptyAudioAreLeftAlone() {
        Pcm silence = Pcm.silence(Duration.ofSeconds(3), 44_100);
        Result r = new LoudnessNormalizer().normalize(silence);
        assertThat(r.pcm()).isSameAs(silence);
        assertThat(r.report().outcome()).isEqualTo(Outcome.SILENCE);
        assertThat(r.report().gainDb()).isZero();
        assertThat(new LoudnessNormalizer().normalize(Pcm.empty(22_050)).report().outcome()).isEqualTo(Outcome.SILENCE);
    }

    @Test
    void aClipShorterThanOneBlockIsMeasuredWhole() {
        // 200 ms of 1 kHz at -30 dBFS reads -33 LUFS; to -16 LUFS is +17 dB, a -13 dBFS tone
        Pcm in = Signals.sine(1000, Math.pow(10, -30 / 20.0), 0.2, 48_000);
        Result r = new LoudnessNormalizer().normalize(in);
        assertThat(r.report().outcome()).isEqualTo(Outcome.NORMALIZED);
        assertThat(r.report().gainDb()).isCloseTo(17.0, within(0.1));
        assertThat(20 * Math.log10(Signals.toneAmplitude(r.pcm(), 1000))).isCloseTo(-13.0, within(0.2));
    }

    @Test
    void veryQuietInputGetsAtMostTheGainCap() {
        Pcm in = TestAudio.pcm(TestAudio.pink(0.0015, 5, 44_100, 24), 44_100); // about -55 LUFS
        double before = LoudnessMeter.measure(in).integratedLufs();
        Result r = new LoudnessNormalizer().normalize(in);
        assertThat(r.report().outcome()).isEqualTo(Outcome.GAIN_CAPPED);
        assertThat(r.report().gainDb()).isEqualTo(20);
        assertThat(r.report().outputLufs()).isCloseTo(before + 20, within(0.1));

        Result more = new LoudnessNormalizer(Settings.defaults().withMaxGain(50)).normalize(in);
        assertThat(more.report().outcome()).isEqualTo(Outcome.NORMALIZED);
        assertThat(more.report().outputLufs()).isCloseTo(-16, within(0.3));
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> Settings.defaults().withTarget(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settings.defaults().withCeiling(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settings.defaults().withMaxGain(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Speech-like audio at about -20 LUFS with occasional full-scale clicks of a few samples. */
    private static double[] peaky(int rate) {
        double[] x = TestAudio.speech(0.3, 8, rate, 25);
        for (int at = rate / 3; at + 10 < x.length; at += rate * 2 / 3) {
            for (int i = 0; i < 8; i++) {
                x[at + i] = (i % 2 == 0 ? 1.0 : -1.0) * Math.sin(Math.PI * (i + 1) / 9); // hard transients
            }
        }
        return x;
    }

    /** Largest absolute second difference, full scale 1.0: how sharp the sharpest corner is. */
    private static double maxCorner(Pcm pcm) {
        short[] s = pcm.samples();
        int max = 0;
        for (int i = 2; i < s.length; i++) {
            max = Math.max(max, Math.abs(s[i] - 2 * s[i - 1] + s[i - 2]));
        }
        return max / 32768.0;
    }

    private static Pcm hardClip(Pcm pcm, double gain, double limit) {
        short[] out = new short[pcm.length()];
        for (int i = 0; i < out.length; i++) {
            double v = Math.max(-limit, Math.min(limit, pcm.samples()[i] / 32768.0 * gain));
            out[i] = (short) Math.round(v * 32767);
        }
        return new Pcm(out, pcm.sampleRate());
    }
}
